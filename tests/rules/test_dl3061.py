from __future__ import annotations

from ruletest import found


def test_instruction_before_from():
    assert found("DL3061", "LABEL a=b\nFROM alpine:3.20\n") == [
        ("1:1-1:6", "LABEL before the first FROM: only ARG may come before it")
    ]


def test_arg_and_comments_before_from_clean():
    assert found("DL3061", "ARG X=1\nFROM alpine:3.20\n# c\n") == []


def test_silent_where_sz009_reports_the_same_line():
    from stanzalint.config import Config
    from stanzalint.engine import lint

    def reported(**settings):
        result = lint("LABEL a=b\nFROM alpine:3.20\n", Config(shellcheck=False, **settings))
        return [(v.code, v.span.start) for v in result.violations if v.code in ("DL3061", "SZ009")]

    assert reported() == [("SZ009", 0)]
    assert reported(ignore=["SZ009"]) == [("DL3061", 0)]
