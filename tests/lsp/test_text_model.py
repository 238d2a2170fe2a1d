"""The server's copy of the client's text: LSP lines (``\\n``, ``\\r\\n``, ``\\r`` only), the
positions in them, and incremental changes applied to them."""

from __future__ import annotations

from lsprotocol import types

from stanzalint.lsp.positions import PositionMap
from stanzalint.lsp.text import apply_change


def edit(text: str, sl: int, sc: int, el: int, ec: int, new: str, encoding: str = "utf-16") -> str:
    change = types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(sl, sc), types.Position(el, ec)), text=new)
    return apply_change(text, change, encoding)


def test_an_offset_inside_a_crlf_line_break_is_the_end_of_its_line():
    positions = PositionMap.for_text("FROM a\r\nRUN b\r\n")
    assert [positions.position(n) for n in (6, 7, 8)] == [(0, 6), (0, 6), (1, 0)]


def test_only_lsp_line_breaks_count():
    text = "a\fb\x0bc\u2028d\x85e\rf\r\ng\nh"
    assert PositionMap.for_text(text).line_starts == [0, 10, 13, 15]
    assert edit(text, 1, 1, 2, 0, "-") == "a\fb\x0bc\u2028d\x85e\rf-g\nh"


def test_an_insert_past_the_end_of_the_last_line_goes_at_its_end():
    assert edit("ARG ABC", 0, 50, 0, 50, "D") == "ARG ABCD"
    assert edit("ARG ABC", 7, 0, 9, 3, "\n") == "ARG ABC\n"  # past the last line: the end of the text


def test_characters_count_in_the_negotiated_encoding():
    text = "# \U0001f433x\n"
    assert edit(text, 0, 4, 0, 5, "y") == "# \U0001f433y\n"  # UTF-16: the whale is two units
    assert edit(text, 0, 6, 0, 7, "y", "utf-8") == "# \U0001f433y\n"  # UTF-8: four bytes
    assert edit(text, 0, 3, 0, 4, "y", "utf-32") == "# \U0001f433y\n"


def test_a_whole_document_change_replaces_the_text():
    assert apply_change("FROM a\n", types.TextDocumentContentChangeWholeDocument(text="FROM b\n"), "utf-16") == "FROM b\n"
