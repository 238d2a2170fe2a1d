"""Character offsets (code points) <-> LSP positions in the negotiated encoding.

The model counts code points; LSP clients count UTF-16 code units by default, or UTF-8 bytes /
UTF-32 code points when both sides agreed on it at initialize.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Tuple

if TYPE_CHECKING:  # pragma: no cover
    from stanzalint.syntax.model import LineIndex

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"


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

    def __init__(self, lines: "LineIndex", encoding: str = UTF16) -> None:
        self.lines = lines
        self.encoding = encoding

    def position(self, offset: int) -> Tuple[int, int]:
        """(line, character) of a code-point offset, the character in client units."""
        line, column = self.lines.position(offset)
        if column == 0:
            return line, 0
        start = self.lines.line_starts[line]
        return line, _units(self.lines.text[start : start + column], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """Code-point offset of a client position; out-of-range lines and characters clamp."""
        if line < 0:
            return 0
        if line >= self.lines.line_count:
            return len(self.lines.text)
        start = self.lines.line_starts[line]
        end = self.lines.line_end(line)
        content = self.lines.text[start:end]
        if content.isascii() or self.encoding == UTF32:
            return start + max(0, min(character, len(content)))
        units = 0
        for i, ch in enumerate(content):
            if units >= character:
                return start + i
            units += _unit_width(ch, self.encoding)
        return end
