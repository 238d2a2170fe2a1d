"""The server's copy of the client's text: LSP lines (``\\n``, ``\\r\\n``, ``\\r`` only), the
positions in them, and incremental changes applied to them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types
from stanzalint.lsp.positions import PositionMap, line_starts
from stanzalint.lsp.text import edit_text
from stanzalint.syntax.incremental import _changed_range, changed_range


def applied(
    text: str, changes: list[types.TextDocumentContentChangeEvent], encoding: str, starts: list[int] | None = None
) -> tuple[str, list[int]]:
    """The text after one notification's changes and its LSP line starts, as the server works
    them out (``starts``: those of ``text``, when known)."""
    edited, last = edit_text(text, changes, encoding, starts)
    assert last is not None
    return edited, last.line_starts(edited)


def edit(text: str, sl: int, sc: int, el: int, ec: int, new: str, encoding: str = "utf-16") -> str:
    change = types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(sl, sc), types.Position(el, ec)), text=new
    )
    return applied(text, [change], encoding)[0]


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
    assert applied("FROM a\n", [types.TextDocumentContentChangeWholeDocument(text="FROM b\n")], "utf-16") == (
        "FROM b\n",
        [0, 7],
    )


# --- property: any sequence of changes gives the text the client holds -------------------------

PIECES = [
    "a",
    "Z",
    " ",
    "\\",
    "$",
    "\u00e9",
    "\u20ac",
    "\U0001f433",
    "\U0001d11e",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\f",
    "\v",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x85",
    "\u2028",
    "\u2029",
]
CODECS = {"utf-8": ("utf-8", 1), "utf-16": ("utf-16-le", 2), "utf-32": ("utf-32-le", 4)}


def split_lines(text: str) -> list[tuple[str, str]]:
    """(content, line break) of each line, read one character at a time the way the LSP
    specification defines lines; the last line has no break."""
    lines, content, i = [], "", 0
    while i < len(text):
        ch = text[i]
        if ch in "\r\n":
            brk = "\r\n" if text[i : i + 2] == "\r\n" else ch
            lines.append((content, brk))
            content, i = "", i + len(brk)
        else:
            content, i = content + ch, i + 1
    return lines + [(content, "")]


class ClientText:
    """A reference model of an LSP client's document: lines of code units in the negotiated
    encoding (as an editor's buffer holds them), each with its own line break."""

    def __init__(self, text: str, encoding: str) -> None:
        self.codec, self.width = CODECS[encoding]
        self.lines = split_lines(text)

    @property
    def text(self) -> str:
        return "".join(content + brk for content, brk in self.lines)

    def units(self, line: int) -> bytes:
        return self.lines[line][0].encode(self.codec, "surrogatepass")

    def boundaries(self, line: int) -> list[int]:
        """The characters (in units) a client may name on ``line``: between code points."""
        out, at = [0], 0
        for ch in self.lines[line][0]:
            at += len(ch.encode(self.codec, "surrogatepass")) // self.width
            out.append(at)
        return out

    def clamp(self, line: int, character: int) -> tuple[int, int]:
        """The position a client means: past the last line is the end, past a line's content
        is its end."""
        if line >= len(self.lines):
            line = len(self.lines) - 1
            return line, len(self.units(line)) // self.width
        return line, min(character, len(self.units(line)) // self.width)

    def offset(self, line: int, character: int) -> int:
        line, character = self.clamp(line, character)
        before = sum(len(c) + len(b) for c, b in self.lines[:line])
        return before + len(self.units(line)[: character * self.width].decode(self.codec, "surrogatepass"))

    def replace(self, start: tuple[int, int], end: tuple[int, int], new: str) -> None:
        (sl, sc), (el, ec) = self.clamp(*start), self.clamp(*end)
        head = self.units(sl)[: sc * self.width].decode(self.codec, "surrogatepass")
        tail = self.units(el)[ec * self.width :].decode(self.codec, "surrogatepass")
        before = "".join(c + b for c, b in self.lines[:sl])
        after = self.lines[el][1] + "".join(c + b for c, b in self.lines[el + 1 :])
        self.lines = split_lines(before + head + new + tail + after)  # a new \r\n may join two breaks

    def position(self, offset: int) -> tuple[int, int]:
        for line, (content, brk) in enumerate(self.lines):
            if offset <= len(content) or not brk:
                return line, len(content[:offset].encode(self.codec, "surrogatepass")) // self.width
            offset -= len(content) + len(brk)
        raise AssertionError("offset past the text")


texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def positions(draw, client: ClientText) -> tuple[int, int]:
    line = draw(st.integers(0, len(client.lines)))  # sometimes one past the last line
    if line == len(client.lines):
        return line, draw(st.integers(0, 3))
    marks = client.boundaries(line)
    return line, draw(st.sampled_from(marks + [marks[-1] + 1, marks[-1] + 7]))  # or past the end


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(CODECS)), texts, st.data())
def test_any_changes_give_the_text_the_client_holds(encoding, initial, data):
    client = ClientText(initial, encoding)
    ours, starts = initial, None
    for _ in range(data.draw(st.integers(1, 8))):
        start, end = positions(data.draw, client), positions(data.draw, client)
        if client.offset(*start) > client.offset(*end):
            start, end = end, start
        new = data.draw(texts)
        client.replace(start, end, new)
        change = types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(*start), types.Position(*end)), text=new
        )
        ours, starts = applied(ours, [change], encoding, starts)
        assert ours == client.text
        assert starts == line_starts(ours)  # updated around the change as if read again
    mapped = PositionMap.for_text(ours, encoding)
    assert [mapped.position(n) for n in range(len(ours) + 1) if ours[n - 1 : n + 1] != "\r\n"] == [
        client.position(n) for n in range(len(ours) + 1) if ours[n - 1 : n + 1] != "\r\n"
    ]


def test_one_notification_of_several_changes_keeps_the_line_starts_of_each_text():
    """Changes apply in order, each to the text the one before made: a lone ``\r`` typed, a
    ``\n`` typed after it (one line break again), two lines joined, and a change past the last
    line."""
    text = "FROM a\r\nRUN b\r\nRUN c"

    def change(sl: int, sc: int, el: int, ec: int, new: str) -> types.TextDocumentContentChangePartial:
        return types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(sl, sc), types.Position(el, ec)), text=new
        )

    edited, starts = applied(
        text,
        [change(0, 6, 0, 6, "\r"), change(1, 0, 1, 0, "\n"), change(2, 5, 3, 0, " && "), change(9, 0, 9, 0, "\n")],
        "utf-16",
        line_starts(text),
    )
    assert edited == "FROM a\r\n\r\nRUN b && RUN c\n"
    assert starts == line_starts(edited) == [0, 8, 10, 25]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(CODECS)), texts, st.data())
def test_the_range_a_notification_changed_is_the_one_comparing_the_texts_finds(encoding, initial, data):
    """Several changes in one notification, each in the text the one before made (CRLF and
    lone ``\r`` line breaks, characters of several code units): the range covering them, narrowed
    by ``changed_range``, is the range a comparison of the whole texts finds."""
    client = ClientText(initial, encoding)
    changes = []
    for _ in range(data.draw(st.integers(1, 4))):
        start, end = positions(data.draw, client), positions(data.draw, client)
        new = data.draw(texts)
        client.replace(*sorted([start, end], key=lambda at: client.offset(*at)), new)
        changes.append(
            types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(*start), types.Position(*end)), text=new
            )
        )
    edited, last = edit_text(initial, changes, encoding)
    assert edited == client.text
    assert last is not None and last.change is not None
    known = last.change
    assert known.before is initial and known.after is edited
    assert initial[: known.start] == edited[: known.start]
    assert initial[known.old_end :] == edited[known.new_end :]
    assert changed_range(initial, edited, known.edit) == _changed_range(initial, edited)


def test_a_whole_document_change_leaves_the_changed_range_to_be_found():
    text, last = edit_text(
        "FROM a\n",
        [
            types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(0, 5), types.Position(0, 6)), text="b"
            ),
            types.TextDocumentContentChangeWholeDocument(text="FROM c\n"),
        ],
        "utf-16",
    )
    assert text == "FROM c\n" and last is not None and last.change is None
