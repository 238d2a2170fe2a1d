from __future__ import annotations

from ruletest import fixed, found, violations

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


def test_a_leading_exec_is_dropped_and_a_shell_builtin_gets_no_fix():
    """``CMD exec python app.py`` already replaces the shell: the exec form names ``python``, not
    a program called ``exec``. A builtin or keyword (``cd``, ``set``, ``time``) or an assignment
    names no program at all."""
    assert fixed("DL3025", "FROM python:3.12-slim\nCMD exec python app.py\n", unsafe=True) == (
        'FROM python:3.12-slim\nCMD ["python", "app.py"]\n'
    )
    for command in ("cd app", "set -x", "time python app.py", "source env.sh", "APP_ENV=prod python app.py", "exec"):
        [v] = violations("DL3025", f"FROM python:3.12-slim\nCMD {command}\n")
        assert v.fix is None, command
