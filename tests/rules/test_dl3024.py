from __future__ import annotations

from ruletest import found


def test_duplicate_stage_name_case_insensitive():
    text = "FROM alpine:3.20 AS a\nFROM alpine:3.20 AS A\nFROM alpine:3.20 AS b\n"
    assert found("DL3024", text) == [("2:21-2:22", "Stage name `A` is already used by an earlier stage")]


def test_distinct_names_clean():
    assert found("DL3024", "FROM alpine:3.20 AS a\nFROM a AS b\n") == []
