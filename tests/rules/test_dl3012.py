from __future__ import annotations

from ruletest import found


def test_second_healthcheck_in_a_stage():
    text = "FROM alpine:3.20\nHEALTHCHECK CMD a\nHEALTHCHECK NONE\n"
    assert found("DL3012", text) == [
        ("3:1-3:12", "Only the last HEALTHCHECK of a stage takes effect; this one overrides an earlier HEALTHCHECK"),
    ]


def test_one_per_stage_clean():
    text = "FROM alpine:3.20 AS a\nHEALTHCHECK CMD a\nFROM alpine:3.20\nHEALTHCHECK CMD b\n"
    assert found("DL3012", text) == []
