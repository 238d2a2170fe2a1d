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


def test_the_label_keeps_a_dollar_and_quotes_as_maintainer_had_them():
    """MAINTAINER takes its text as written; a LABEL expands ``$``: each ``$``, ``"`` and escape
    character is escaped (with the file's escape character)."""
    assert fixed("DL4000", "FROM alpine:3.20\nMAINTAINER $AUTHOR\n", unsafe=True) == (
        'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="\\$AUTHOR"\n'
    )
    assert fixed("DL4000", '# escape=`\nFROM alpine:3.20\nMAINTAINER a`b "c" $d\n', unsafe=True) == (
        '# escape=`\nFROM alpine:3.20\nLABEL org.opencontainers.image.authors="a``b `"c`" `$d"\n'
    )
