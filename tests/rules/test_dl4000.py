from __future__ import annotations

from ruletest import fixed, found


def test_maintainer_flagged():
    assert found("DL4000", "FROM alpine:3.20\nMAINTAINER Jane <j@x.org>\n") == [
        ("2:1-2:11", "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors"),
    ]


def test_fix_replaces_with_authors_label_unsafe():
    text = "FROM alpine:3.20\nMAINTAINER Jane <j@x.org>\n"
    assert (
        fixed("DL4000", text, unsafe=True)
        == 'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="Jane <j@x.org>"\n'
    )
