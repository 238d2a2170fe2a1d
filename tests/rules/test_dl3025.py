from __future__ import annotations

from ruletest import fixed, found

MSG = "Write {} in exec form (a JSON array) so the program runs as PID 1 and receives signals"


def test_shell_form_flagged_and_fixed_unsafely():
    text = "FROM python:3.12-slim\nCMD python app.py\n"
    assert found("DL3025", text) == [("2:1-2:4", MSG.format("CMD"))]
    assert fixed("DL3025", text, unsafe=True) == 'FROM python:3.12-slim\nCMD ["python", "app.py"]\n'


def test_healthcheck_exec_form_and_shell_stage_clean():
    text = 'FROM alpine:3.20\nHEALTHCHECK CMD curl -f http://x || exit 1\nCMD ["a"]\nFROM alpine:3.20\nSHELL ["/bin/ash", "-c"]\nCMD echo hi\n'
    assert found("DL3025", text) == []


def test_shell_syntax_flagged_without_fix():
    text = 'FROM alpine:3.20\nENTRYPOINT echo "$X"\n'
    assert found("DL3025", text) == [("2:1-2:11", MSG.format("ENTRYPOINT"))]
