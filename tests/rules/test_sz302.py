from __future__ import annotations

from ruletest import fixed, found, rule_work, violations


def test_arg_before_runs_moves_before_its_use():
    text = (
        "FROM python:3.12-slim\nARG GIT_COMMIT\nRUN pip install -r r.txt\nRUN make\n"
        "LABEL org.opencontainers.image.revision=$GIT_COMMIT\n"
    )
    assert found("SZ302", text) == [
        (
            "2:5-2:15",
            "`GIT_COMMIT` changes every build, so the 2 RUN instructions after it rerun every time; declare it after them",
        ),
    ]
    assert fixed("SZ302", text, unsafe=True) == (
        "FROM python:3.12-slim\nRUN pip install -r r.txt\nRUN make\nARG GIT_COMMIT\n"
        "LABEL org.opencontainers.image.revision=$GIT_COMMIT\n"
    )


def test_env_from_build_date_and_unused_goes_after_last_run():
    text = 'FROM debian:12\r\nARG BUILD_DATE=now\r\nENV BUILT=$BUILD_DATE\r\nRUN apt-get update\r\nRUN make\r\nCMD ["x"]\r\n'
    assert [loc for loc, _ in found("SZ302", text)] == ["2:5-2:15", "3:5-3:10"]
    assert fixed("SZ302", text, unsafe=True) == (
        'FROM debian:12\r\nRUN apt-get update\r\nRUN make\r\nARG BUILD_DATE=now\r\nENV BUILT=$BUILD_DATE\r\nCMD ["x"]\r\n'
    )


def test_mixed_declarations_get_no_fix():
    text = "FROM debian:12\nARG VERSION=1 VCS_REF\nRUN echo $VERSION\nRUN b\n"
    [v] = violations("SZ302", text)
    assert v.fix is None


def test_clean_cases():
    text = (
        "ARG BUILD_DATE\nFROM debian:12\nRUN apt-get update\nARG VCS_REF\nLABEL rev=$VCS_REF\n"
        "FROM debian:12 AS b\nARG GIT_SHA\nRUN echo $GIT_SHA > /sha\nARG PYTHON_VERSION=3.12\nRUN true\n"
    )
    assert found("SZ302", text) == []


def test_single_run_and_env_reexport_are_not_reported():
    text = (
        "FROM golang:1.23\nARG GIT_SHA\nRUN go build ./...\n"
        "FROM golang:1.23 AS b\nARG GIT_COMMIT\nENV GIT_COMMIT ${GIT_COMMIT}\nRUN make\nRUN make install\n"
        "FROM debian:12 AS c\nENV REVISION=3\nRUN a\nRUN b\n"
    )
    assert found("SZ302", text) == []


def test_a_volatile_name_in_any_case_is_reported():
    """Lower case, and letters outside ASCII that match ignoring case (a dotted capital I, a
    long s), name a volatile value as their ASCII spelling does."""
    for name in ("git_commit", "G\u0130T_SHA", "git_\u017fha"):
        text = f"FROM debian:12\nARG {name}\nRUN a\nRUN b\n"
        assert found("SZ302", text) == [
            (
                f"2:5-2:{5 + len(name)}",
                f"`{name}` changes every build, so the 2 RUN instructions after it rerun every time; declare it after them",
            )
        ], name


def test_a_value_naming_a_volatile_variable_is_reported():
    text = "FROM debian:12\nENV REVISION=${ci_commit_sha:-dev}\nRUN a\nRUN b\n"
    assert [loc for loc, _ in found("SZ302", text)] == ["2:5-2:13"]


def test_ordinary_declarations_cost_a_few_lines_each():
    """The stage is checked again at every keystroke in it: an ARG or ENV whose line holds no
    piece of a volatile name is passed over at one look."""
    text = "FROM debian:12\n" + "".join(
        f"ENV TOOL_{i}_VERSION=1.{i} TOOL_{i}_HOME=/opt/t{i}\nARG OPT_{i}=x\nRUN make t{i}\n" for i in range(100)
    )
    assert rule_work("SZ302", text) < 10 * 300
