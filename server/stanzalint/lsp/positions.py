"""Character offsets (code points) <-> LSP positions in the negotiated encoding.

The model counts code points; LSP clients count UTF-16 code units by default, or UTF-8 bytes /
UTF-32 code points when both sides agreed on it at initialize. LSP lines end at ``\\n``,
``\\r\\n`` or ``\\r`` and nowhere else (not at ``\\f``, ``\\v``, U+2028 or the other breaks
``str.splitlines`` knows), while the model, like BuildKit, breaks lines at ``\\n`` only: a lone
``\\r`` starts a new line for the client alone.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from stanzalint.syntax.model import LineIndex

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"

_LINE_BREAK = re.compile(r"\r\n?|\n")
_LONE_CR = re.compile(r"\r(?!\n)")


def line_starts(text: str) -> list[int]:
    """Offset of each LSP line's first character."""
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]


def edited_line_starts(starts: list[int], text: str, start: int, end: int, inserted: int) -> list[int]:
    """The LSP line starts of ``text``, made by replacing ``[start, end)`` of a text whose line
    starts were ``starts`` with ``inserted`` characters: the lines before the edit are kept, the
    edited ones (and the line before them, whose ``\r`` may now meet a ``\n``) read again, and
    the later ones moved."""
    first = max(bisect.bisect_right(starts, start) - 2, 0)
    later = bisect.bisect_right(starts, end)
    moved = inserted - (end - start)
    after = list(map(moved.__add__, starts[later:])) if moved else starts[later:]
    stop = after[0] if after else len(text) + 1
    read = []
    for m in _LINE_BREAK.finditer(text, starts[first]):
        if m.end() >= stop:
            break
        read.append(m.end())
    return [*starts[: first + 1], *read, *after]


def client_line_starts(text: str, newline_starts: list[int] | None = None) -> list[int]:
    """LSP line starts, reusing ``newline_starts`` (lines broken at ``\\n`` only) when the text
    has no lone ``\\r`` and both agree."""
    return shared_line_starts(text, newline_starts) or line_starts(text)


def shared_line_starts(text: str, newline_starts: list[int] | None) -> list[int] | None:
    """``newline_starts`` (the starts of the lines of ``text`` broken at ``\\n`` only) when
    they are its LSP line starts too (it has no lone ``\\r``), else None."""
    return newline_starts if newline_starts is not None and breaks_at_newlines_only(text) else None


def breaks_at_newlines_only(text: str) -> bool:
    """Whether the LSP lines of ``text`` are its lines broken at ``\\n`` only (no lone ``\\r``)."""
    return "\r" not in text or _LONE_CR.search(text) is None


def _units(text: str, encoding: str) -> int:
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _unit_width(ch: str, encoding: str) -> int:
    code = ord(ch)
    if encoding == UTF32 or code < 0x80:
        return 1
    if encoding == UTF8:
        return 2 if code < 0x800 else (3 if code < 0x10000 else 4)
    return 2 if code >= 0x10000 else 1


class PositionMap:
    """Converts between document offsets and (line, character) in one client encoding."""

    def __init__(self, lines: LineIndex, encoding: str = UTF16) -> None:
        self.text = lines.text
        self.line_starts = client_line_starts(lines.text, lines.line_starts)
        self.encoding = encoding

    @classmethod
    def for_text(cls, text: str, encoding: str = UTF16, starts: list[int] | None = None) -> PositionMap:
        """Positions in a text that no parse has indexed (``starts``: its LSP line starts, if known)."""
        positions = cls.__new__(cls)
        positions.text, positions.encoding = text, encoding
        positions.line_starts = starts if starts is not None else line_starts(text)
        return positions

    def line_end(self, line: int) -> int:
        """Offset just past the line's content (before its line break)."""
        if line + 1 >= len(self.line_starts):
            return len(self.text)
        end = self.line_starts[line + 1] - 1
        if self.text[end] == "\n" and end > self.line_starts[line] and self.text[end - 1] == "\r":
            end -= 1
        return end

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character) of a code-point offset, the character in client units (an offset
        between the ``\r`` and ``\n`` of a line break is the line's end)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.line_starts, offset) - 1
        start = self.line_starts[line]
        if offset == start:
            return line, 0
        if self.text[offset - 1] == "\r" and self.text[offset : offset + 1] == "\n":
            offset -= 1
        return line, _units(self.text[start:offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """Code-point offset of a client position; out-of-range lines and characters clamp
        (a character past the line's end is its end, a line past the last is the text's end)."""
        if line < 0:
            return 0
        if line >= len(self.line_starts):
            return len(self.text)
        start = self.line_starts[line]
        end = self.line_end(line)
        content = self.text[start:end]
        if content.isascii() or self.encoding == UTF32:
            return start + max(0, min(character, len(content)))
        units = 0
        for i, ch in enumerate(content):
            if units >= character:
                return start + i
            units += _unit_width(ch, self.encoding)
        return end
