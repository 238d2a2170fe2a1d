from __future__ import annotations

from ruletest import fixed, found

MSG = "Use COPY for local files and directories; ADD is for URLs and archives"


def test_local_add_fixed_to_copy():
    text = "FROM alpine:3.20\nADD a /x\nadd --chown=1 b /y\n"
    assert found("DL3020", text) == [("2:1-2:4", MSG), ("3:1-3:4", MSG)]
    assert fixed("DL3020", text) == "FROM alpine:3.20\nCOPY a /x\ncopy --chown=1 b /y\n"


def test_urls_archives_git_clean():
    text = "FROM alpine:3.20\nADD https://x/y /z\nADD a.tar.gz /x\nADD git@github.com:o/r.git /s\n"
    assert found("DL3020", text) == []
