"""Go's notion of white space, which BuildKit's parser uses, for Python strings."""

from __future__ import annotations

import re

#: Characters for which Go's ``unicode.IsSpace`` is true (Python's ``str.isspace`` differs:
#: it also takes U+001C..U+001F).
GO_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(chr(c) for c in range(0x2000, 0x200B)) + "\u2028\u2029\u202f\u205f\u3000"
)
GO_SPACE_SET = frozenset(GO_SPACE)

#: BuildKit's ``reWhitespace``: ``[\t\v\f\r ]+``.
RE_WHITESPACE = re.compile(r"[\t\x0b\x0c\r ]+")
RE_NOT_WHITESPACE = re.compile(r"[^\t\x0b\x0c\r ]+")

_BYTE_SPACE = frozenset("\t\n\x0b\x0c\r ")


def byte_space(ch: str) -> bool:
    """Go's ``unicode.IsSpace(rune(b))`` applied byte by byte, approximated per character.

    ASCII white space counts; a non-ASCII character counts when one of its UTF-8 bytes is
    0x85 or 0xA0 (which Go, reading bytes as runes, takes for NEL and NO-BREAK SPACE).
    """
    if ch in _BYTE_SPACE:
        return True
    if ch < "\x80":
        return False
    data = ch.encode("utf-8", "surrogatepass")
    return b"\x85" in data or b"\xa0" in data


def trim_space_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of ``strings.TrimSpace(text[start:end])`` within ``text``."""
    while start < end and text[start] in GO_SPACE_SET:
        start += 1
    while end > start and text[end - 1] in GO_SPACE_SET:
        end -= 1
    return start, end
