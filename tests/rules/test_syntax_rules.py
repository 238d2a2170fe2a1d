"""The SZ0xx rules report what the builder would reject, at the exact place, in words a person
understands (the parser's own tests cover the detection in depth; these pin what a user sees)."""

from __future__ import annotations

import pytest
from ruletest import found

CASES = [
    ("SZ001", "FROM a:1\nRUNN echo\n", ("2:1-2:5", "unknown instruction: RUNN")),
    (
        "SZ002",
        "FROM a:1\nCOPY requirements.txt\n",
        ("2:6-2:22", "COPY needs a destination after the source (COPY <src>... <dest>)"),
    ),
    (
        "SZ003",
        "FROM python:3.12-slim builder\n",
        ("1:23-1:30", "FROM takes one image and optionally AS <name>; the rest is extra"),
    ),
    (
        "SZ004",
        "FROM a:1\nRUN <<EOF\necho\n",
        ("2:1-3:5", "heredoc <<EOF is never terminated: no line reads exactly 'EOF'"),
    ),
    (
        "SZ005",
        "FROM a:1\nRUN --mount=type=cach,target=/c echo\n",
        ("2:13-2:32", "bad --mount: unsupported mount type 'cach' (use bind, cache, tmpfs, secret, ssh)"),
    ),
    (
        "SZ006",
        "FROM a:1\nRUN --chown=app echo\n",
        ("2:5-2:16", "unknown flag --chown for RUN: RUN takes --mount, --network, --security"),
    ),
    (
        "SZ007",
        "# escape=`\n# escape=\\\nFROM a:1\n",
        ("2:1-2:11", "only one escape parser directive can be used; this one is ignored"),
    ),
    (
        "SZ008",
        "RUN echo\n",
        ("1:1-1:4", "there is no FROM in this file, so there is no build stage: start with FROM <image>"),
    ),
    (
        "SZ009",
        "ENV A=1\nFROM a:1\n",
        ("1:1-1:4", "ENV comes before the first FROM: only ARG may stand there (there is no stage yet)"),
    ),
    (
        "SZ010",
        'FROM a:1\nCMD ["sleep", 10]\n',
        ("2:5-2:18", "a JSON array here must hold only strings (write each argument in double quotes)"),
    ),
    ("SZ011", "FROM a:1\nENV A=1 B\n", ("2:9-2:10", "'B' has no '=': every item of ENV must be written name=value")),
    ("SZ012", "FROM a:1\nONBUILD FROM b\n", ("2:9-2:13", "FROM isn't allowed as an ONBUILD trigger")),
    (
        "SZ013",
        "FROM a:1 AS 1build\n",
        (
            "1:13-1:19",
            "invalid stage name '1build': it must start with a letter and hold only letters, digits, '-', '_' and '.'",
        ),
    ),
    (
        "SZ014",
        "FROM a:1\nRUN echo " + "x" * 70000 + "\n",
        ("2:1-2:70010", "this line is longer than 65,535 bytes, the most the builder reads in one line"),
    ),
    (
        "SZ015",
        "FROM a:1\nHEALTHCHECK curl -f http://x/\n",
        ("2:13-2:17", "unknown HEALTHCHECK type 'curl': use CMD or NONE"),
    ),
]


@pytest.mark.parametrize("code, text, expected", CASES, ids=[c[0] for c in CASES])
def test_syntax_rule_reports_exactly(code, text, expected):
    assert found(code, text) == [expected]


@pytest.mark.parametrize("code", [c[0] for c in CASES])
def test_a_valid_file_has_none(code):
    text = '# syntax=docker/dockerfile:1\nARG V=1\nFROM python:3.12-slim AS base\nRUN <<EOF\necho hi\nEOF\nCMD ["python"]\n'
    assert found(code, text) == []


def test_parsing_resumes_after_an_error():
    text = "FROM a:1\nRUNN x\nCOPYY y\nRUN --chown=a echo\n"
    assert [loc for loc, _ in found("SZ001", text)] == ["2:1-2:5", "3:1-3:6"]
    assert [loc for loc, _ in found("SZ006", text)] == ["4:5-4:14"]
