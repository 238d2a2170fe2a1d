"""The server holds the text the client holds, and answers for that text: whatever the version
numbers say, whichever line breaks the text has, however the URI is spelled."""

from __future__ import annotations

import pytest
from lsp_support import change_doc, diagnostics_for, make_fixture, open_doc, published_count, uri_of
from lsprotocol import types

pytestmark = pytest.mark.asyncio

SELECT = {"select": ["DL3000", "DL3002", "DL3011", "DL4000", "SZ013"]}
pull_client = make_fixture(settings=SELECT, pull=True)
client = make_fixture(settings=SELECT)


def ident(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def at(line: int, character: int) -> types.Position:
    return types.Position(line, character)


def span(sl: int, sc: int, el: int, ec: int) -> types.Range:
    return types.Range(at(sl, sc), at(el, ec))


async def pulled(client, uri):
    """(code, range) of each diagnostic a pull returns now."""
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=ident(uri)))
    return [(d.code, d.range) for d in report.items]


def insert(client, uri: str, version: int, line: int, character: int, text: str) -> None:
    change_doc(client, uri, version, text, span(line, character, line, character))


async def test_reused_version_numbers_never_give_a_stale_result(pull_client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(pull_client, uri, "FROM debian:12\n", version=1)
    assert await pulled(pull_client, uri) == []
    insert(pull_client, uri, 2, 1, 0, "USER root\n")
    assert await pulled(pull_client, uri) == [("DL3002", span(1, 5, 1, 9))]
    insert(pull_client, uri, 1, 2, 0, "WORKDIR app\n")  # the version goes back to one seen before
    assert await pulled(pull_client, uri) == [("DL3002", span(1, 5, 1, 9)), ("DL3000", span(2, 8, 2, 11))]
    insert(pull_client, uri, 2, 3, 0, "EXPOSE 99999\n")
    assert await pulled(pull_client, uri) == [
        ("DL3002", span(1, 5, 1, 9)),
        ("DL3000", span(2, 8, 2, 11)),
        ("DL3011", span(3, 7, 3, 12)),
    ]
    hover = await pull_client.text_document_hover_async(types.HoverParams(text_document=ident(uri), position=at(3, 8)))
    assert hover is not None and "DL3011" in hover.contents.value


async def test_an_unchanged_version_number_with_new_text_is_linted_again(pull_client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(pull_client, uri, "FROM debian:12\n", version=5)
    assert await pulled(pull_client, uri) == []
    insert(pull_client, uri, 5, 1, 0, "MAINTAINER me\n")
    assert await pulled(pull_client, uri) == [("DL4000", span(1, 0, 1, 10))]


async def test_a_form_feed_is_no_line_break_for_incremental_edits(pull_client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(pull_client, uri, "# a\fb\nFROM debian:12\n")
    insert(pull_client, uri, 2, 2, 0, "MAINTAINER me\n")
    assert await pulled(pull_client, uri) == [("DL4000", span(2, 0, 2, 10))]


@pytest.mark.parametrize("brk", ["\u2028", "\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\u2029"])
async def test_no_other_unicode_break_is_a_line_break_either(pull_client, tmp_path, brk):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(pull_client, uri, f"# a{brk}b\nFROM debian:12\nUSER roo\n")
    insert(pull_client, uri, 2, 2, 8, "t")
    assert await pulled(pull_client, uri) == [("DL3002", span(2, 5, 2, 9))]


async def test_a_lone_carriage_return_starts_a_line_for_the_client(pull_client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(pull_client, uri, "FROM debian:12\rUSER root\r")  # one line for BuildKit, two for the editor
    assert await pulled(pull_client, uri) == [("SZ013", span(1, 0, 1, 4))]
    insert(pull_client, uri, 2, 1, 9, "\nMAINTAINER me")
    assert await pulled(pull_client, uri) == [("SZ013", span(1, 0, 1, 4)), ("DL4000", span(2, 0, 2, 10))]


async def test_an_insert_past_the_end_of_the_last_line_goes_at_its_end(pull_client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(pull_client, uri, "FROM debian:12\nUSER roo")
    insert(pull_client, uri, 2, 1, 50, "t")
    assert await pulled(pull_client, uri) == [("DL3002", span(1, 5, 1, 9))]


async def test_two_spellings_of_a_uri_are_one_document(pull_client, tmp_path):
    folder = tmp_path / "a b"
    folder.mkdir()
    plain = uri_of(str(folder / "Dockerfile"))
    escaped = plain.replace(" ", "%20")
    open_doc(pull_client, escaped, "FROM debian:12\n")
    insert(pull_client, plain, 2, 1, 0, "MAINTAINER me\n")
    assert await pulled(pull_client, escaped) == [("DL4000", span(1, 0, 1, 10))]
    insert(pull_client, escaped, 3, 2, 0, "USER root\n")
    expected = [("DL4000", span(1, 0, 1, 10)), ("DL3002", span(2, 5, 2, 9))]
    assert await pulled(pull_client, plain) == expected
    assert await pulled(pull_client, escaped) == expected


async def test_closing_under_another_spelling_clears_the_diagnostics_where_they_were_published(client, tmp_path):
    folder = tmp_path / "a b"
    folder.mkdir()
    plain = uri_of(str(folder / "Dockerfile"))
    escaped = plain.replace(" ", "%20")
    open_doc(client, escaped, "FROM debian:12\nMAINTAINER me\n")
    assert [d.code for d in (await diagnostics_for(client, escaped, 1)).diagnostics] == ["DL4000"]
    count = published_count(client)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=ident(plain)))
    cleared = await diagnostics_for(client, escaped, after=count)
    assert list(cleared.diagnostics) == []
