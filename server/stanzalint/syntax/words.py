"""BuildKit's word-level line parsers, returning positions in the logical line.

Each function mirrors one of BuildKit's (``extractBuilderFlags``, ``parseWords``,
``parseJSON``) and reports where every piece it produced came from, so tokens get exact
ranges. Positions are indices into the logical line (continuations joined).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence

from .gotext import GO_SPACE, GO_SPACE_SET, byte_space

_SPACES, _WORD, _QUOTE = 0, 1, 2
_SIMPLE_FLAG = re.compile(r"--[!#-&(-\[\]-~]*")  # printable ASCII but quotes and backslash
_ASCII_SPACE = frozenset("\t\n\x0b\x0c\r ")


class RawFlag:
    """A builder flag as BuildKit extracted it: its text and where each character came from."""

    __slots__ = ("text", "start", "end", "sources")

    def __init__(self, text: str, start: int, end: int, sources: Sequence[int]) -> None:
        self.text = text  # e.g. "--from=build" (quotes removed, escapes applied)
        self.start = start
        self.end = end
        self.sources = sources  # line index of each character of ``text``


def extract_flags(line: str, pos: int, end: int) -> tuple[int, list[RawFlag]]:
    """``extractBuilderFlags``: the ``--flag`` words at the start of ``line[pos:end]``.

    Returns where the remaining arguments start and the flags. BuildKit reads bytes here, so a
    non-ASCII character comes out as its UTF-8 bytes read as Latin-1 (as the builder sees it).
    """
    flags: list[RawFlag] = []
    phase = _SPACES
    buf: list[str] = []
    src: list[int] = []
    quote = ""
    blank_ok = False
    wstart = pos
    while pos <= end:
        if phase == _SPACES:
            if pos == end:
                break
            ch = line[pos]
            if byte_space(ch):
                pos += 1
                continue
            if ch != "-" or pos + 1 == end or line[pos + 1] != "-":
                return pos, flags
            m = _SIMPLE_FLAG.match(line, pos, end)
            assert m is not None  # the pattern matches any "--", and one starts here
            stop = m.end()
            if stop == end or line[stop] in _ASCII_SPACE:
                word = m.group()
                if word == "--":
                    return stop, flags
                flags.append(RawFlag(word, pos, stop, range(pos, stop)))
                pos = stop
                continue
            phase = _WORD
            wstart = pos
        if pos == end:
            word = "".join(buf)
            if word != "--" and (blank_ok or buf):
                flags.append(RawFlag(word, wstart, end, src))
            break
        ch = line[pos]
        if phase == _WORD:
            if byte_space(ch):
                word = "".join(buf)
                if word == "--":
                    return pos, flags
                if blank_ok or buf:
                    flags.append(RawFlag(word, wstart, pos, src))
                phase = _SPACES
                buf, src = [], []
                blank_ok = False
                pos += 1
                continue
            if ch == "'" or ch == '"':
                quote = ch
                blank_ok = True
                phase = _QUOTE
                pos += 1
                continue
            if ch == "\\":
                if pos + 1 == end:
                    pos += 1
                    continue
                pos += 1
                ch = line[pos]
            _put(buf, src, ch, pos)
            pos += 1
            continue
        # inside quotes
        if ch == quote:
            phase = _WORD
            pos += 1
            continue
        if ch == "\\":
            if pos + 1 == end:
                phase = _WORD
                pos += 1
                continue
            pos += 1
            ch = line[pos]
        _put(buf, src, ch, pos)
        pos += 1
    return end, flags


def _put(buf: list[str], src: list[int], ch: str, pos: int) -> None:
    if ch < "\x80":
        buf.append(ch)
        src.append(pos)
        return
    for b in ch.encode("utf-8", "surrogatepass"):
        buf.append(chr(b))
        src.append(pos)


#: a run of characters none of which is Go's white space
_GO_WORD = re.compile("[^" + re.escape(GO_SPACE) + "]+")


def parse_words(line: str, pos: int, end: int, escape: str) -> list[tuple[int, int]]:
    """``parseWords``: white-space separated words, quotes kept; (start, end) of each.

    Each word is a contiguous piece of the line (BuildKit keeps quotes and escapes), except
    that an escape character at the very end is dropped.
    """
    if not escape or any(line.find(c, pos, end) != -1 for c in (escape, "'", '"')):
        return _scan_words(line, pos, end, escape)
    return [(m.start(), m.end()) for m in _GO_WORD.finditer(line, pos, end)]  # nothing to keep together


def _scan_words(line: str, pos: int, end: int, escape: str) -> list[tuple[int, int]]:
    """``parse_words`` character by character, for text with quotes or escape characters."""
    words: list[tuple[int, int]] = []
    phase = _SPACES
    quote = ""
    blank_ok = False
    wstart = wend = pos
    space = GO_SPACE_SET
    while pos <= end:
        if phase == _SPACES:
            if pos == end:
                break
            if line[pos] in space:
                pos += 1
                continue
            phase = _WORD
            wstart = wend = pos
        if pos == end:
            if blank_ok or wend > wstart:
                words.append((wstart, wend))
            break
        ch = line[pos]
        if phase == _WORD:
            if ch in space:
                phase = _SPACES
                if blank_ok or wend > wstart:
                    words.append((wstart, wend))
                blank_ok = False
                pos += 1
                continue
            if ch == "'" or ch == '"':
                quote = ch
                blank_ok = True
                phase = _QUOTE
            if ch == escape:
                if pos + 1 == end:
                    pos += 1
                    continue
                pos += 1
            pos += 1
            wend = pos
            continue
        if ch == quote:
            phase = _WORD
        if ch == escape and quote != "'":
            if pos + 1 == end:
                phase = _WORD
                pos += 1
                continue
            pos += 1
        pos += 1
        wend = pos
    return words


def whitespace_words(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """``parseStringsWhitespaceDelimited`` on an already trimmed ``line[start:end]``."""
    if start >= end:
        return []
    from .gotext import RE_NOT_WHITESPACE

    return [(m.start(), m.end()) for m in RE_NOT_WHITESPACE.finditer(line, start, end)]


class NotStringArray(Exception):
    """A valid JSON array with an element that is not a string (BuildKit rejects the line)."""


class _Overflow(ValueError):
    pass


def _parse_number(s: str) -> float:
    value = float(s)
    if math.isinf(value):
        raise _Overflow(s)
    return value


def _reject_constant(s: str) -> None:
    raise ValueError(s)


_DECODER = json.JSONDecoder(
    parse_float=_parse_number, parse_int=_parse_number, parse_constant=_reject_constant, strict=True
)
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_json_array(line: str, start: int, end: int) -> list[tuple[str, int, int]] | None:
    """``parseJSON``: the strings of a JSON array at ``line[start:end]``, or None for shell form.

    Like Go's ``json.Decoder`` only the first JSON value counts; anything after it is ignored.
    Raises NotStringArray for a valid array holding something other than strings.
    """
    if start >= end or line[start] != "[":
        return None
    text = line[start:end]
    try:
        value, stop = _DECODER.raw_decode(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, list):
        return None
    for item in value:
        if not isinstance(item, str):
            raise NotStringArray()
    out: list[tuple[str, int, int]] = []
    if value:
        for item, m in zip(value, _JSON_STRING.finditer(text, 0, stop)):
            if _LONE_SURROGATE.search(item):
                item = _LONE_SURROGATE.sub("\ufffd", item)
            out.append((item, start + m.start(), start + m.end()))
    return out
