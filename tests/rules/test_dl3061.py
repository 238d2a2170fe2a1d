from __future__ import annotations

from ruletest import found


def test_instruction_before_from():
    assert found("DL3061", "LABEL a=b\nFROM alpine:3.20\n") == [("1:1-1:6", "LABEL before the first FROM: only ARG may come before it")]


def test_arg_and_comments_before_from_clean():
    assert found("DL3061", "ARG X=1\nFROM alpine:3.20\n# c\n") == []
