from __future__ import annotations

from ruletest import found


def test_second_entrypoint_in_a_stage():
    text = 'FROM alpine:3.20\nENTRYPOINT a\nENTRYPOINT ["b"]\n'
    assert found("DL4004", text) == [
        ("3:1-3:11", "Only the last ENTRYPOINT of a stage takes effect; this one overrides an earlier ENTRYPOINT"),
    ]


def test_one_per_stage_clean():
    assert found("DL4004", "FROM alpine:3.20 AS a\nENTRYPOINT a\nFROM alpine:3.20\nENTRYPOINT b\n") == []
