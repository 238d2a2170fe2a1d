from __future__ import annotations

from ruletest import found


def test_archive_copied_then_unpacked():
    text = "FROM alpine:3.20\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n"
    assert found("DL3010", text) == [("2:6-2:16", "This archive is unpacked by a later RUN; ADD unpacks it in one layer")]


def test_archive_copied_and_kept_clean():
    assert found("DL3010", "FROM alpine:3.20\nCOPY app.tar.gz /srv/\n") == []
