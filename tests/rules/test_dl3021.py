from __future__ import annotations

from ruletest import fixed, found


def test_several_sources_need_a_directory_destination():
    text = "FROM alpine:3.20\nCOPY a b /dst\nCOPY a b /dst/\nCOPY a /dst\n"
    assert found("DL3021", text) == [
        ("2:10-2:14", "With several sources the destination must be a directory ending with /: `/dst/`"),
    ]
    assert fixed("DL3021", "FROM alpine:3.20\nCOPY a b /dst\n") == "FROM alpine:3.20\nCOPY a b /dst/\n"
