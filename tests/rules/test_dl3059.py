from __future__ import annotations

from ruletest import fixed, found

MSG = "This RUN follows another RUN; join them with && to make one layer"


def test_consecutive_runs_merged():
    text = "FROM alpine:3.20\nRUN a\n\nRUN b \\\n  && c\n"
    assert found("DL3059", text) == [("4:1-4:4", MSG)]
    assert fixed("DL3059", text) == "FROM alpine:3.20\nRUN a && \\\n    b \\\n  && c\n"


def test_backtick_escape_and_crlf():
    text = "# escape=`\r\nFROM alpine:3.20\r\nRUN a\r\nRUN b\r\n"
    assert fixed("DL3059", text) == "# escape=`\r\nFROM alpine:3.20\r\nRUN a && `\r\n    b\r\n"


def test_different_flags_onbuild_and_other_instructions_clean():
    text = "FROM alpine:3.20\nRUN a\nRUN --mount=type=cache,target=/root/.cache b\nONBUILD RUN c\nRUN d\nENV X=1\nRUN e\n"
    assert found("DL3059", text) == []


def test_stateful_first_run_needs_unsafe():
    text = "FROM alpine:3.20\nRUN cd /x\nRUN make\n"
    assert fixed("DL3059", text, unsafe=True) == "FROM alpine:3.20\nRUN cd /x && \\\n    make\n"
