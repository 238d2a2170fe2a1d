from __future__ import annotations

from ruletest import found


def test_second_cmd_in_a_stage():
    text = 'FROM alpine:3.20\nCMD a\nCMD ["b"]\n'
    assert found("DL4003", text) == [
        ("3:1-3:4", "Only the last CMD of a stage takes effect; this one overrides an earlier CMD")
    ]


def test_one_per_stage_clean():
    assert found("DL4003", "FROM alpine:3.20 AS a\nCMD a\nFROM alpine:3.20\nCMD b\n") == []
