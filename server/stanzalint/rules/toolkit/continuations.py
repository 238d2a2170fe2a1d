"""Lines continued with the escape character: which lines end with it, and the lines a walk down
a continued instruction reads (BuildKit skips the blank lines and comment lines inside it)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from stanzalint.syntax.model import Dockerfile, LineIndex


@lru_cache(maxsize=4)
def continued_line(escape: str) -> re.Pattern[str]:
    """Matches a line that ends with ``escape`` (then spaces or tabs), not doubled: the next line
    continues it (a doubled escape ends the instruction, as BuildKit's parser has it)."""
    return re.compile("(?<!" + re.escape(escape) + ")" + re.escape(escape) + r"[ \t]*$")


def walk_continued(lines: LineIndex, line: int, continued: re.Pattern[str]) -> tuple[list[int], int]:
    """Down from the line after ``line`` (one that ``continued`` matches) while the lines go on
    continuing it: the blank lines met, and the line the walk stops at, the first that is neither
    blank, a comment nor continued (at the end of the file, the index past its last line: after a
    final line break no line follows, though the index counts an empty one there)."""
    empty: list[int] = []
    line += 1
    count = lines.line_count
    if lines.line_starts[-1] == len(lines.text):  # the text ends with a line break
        count -= 1
    while line < count:
        content = lines.line_text(line)
        stripped = content.strip()
        if stripped.startswith("#"):
            line += 1
            continue
        if not stripped:
            empty.append(line)
            line += 1
            continue
        if not continued.search(content):
            break
        line += 1
    return empty, line


def continued_outside(dockerfile: Dockerfile, rows: Iterable[tuple[int, int, int]]) -> list[tuple[str, str] | None]:
    """For each row of instructions (its start, end, and first line), the lines a walk down a
    continued instruction there reads outside it, or None when it reads none: above its keyword,
    the lines a continuation joins to it; below it, when its last line ends with the escape
    character, the lines down to where ``walk_continued`` stops. A row that has neither costs two
    comparisons."""
    text, starts, escape = dockerfile.text, dockerfile.lines.line_starts, dockerfile.escape or "\\"
    last, ending = len(starts) - 1, (escape, " ", "\t", "\r")  # the last characters of ``_may_end_continued``
    return [
        _outside(dockerfile, start, end, line, escape)
        if (line < last and starts[line + 1] <= start) or (end > 0 and text[end - 1] in ending)
        else None
        for start, end, line in rows
    ]


def may_find_blank_lines(dockerfile: Dockerfile, first_line: int, end: int) -> bool:
    """Whether a walk down the lines from ``first_line`` (continued) may meet a blank line: one
    among the lines up to offset ``end`` (where the instruction ends), or past it when its last
    line may end with the escape character. False at one look for most instructions."""
    text = dockerfile.text
    if _BLANK_LINE.search(text, dockerfile.lines.line_starts[first_line], end + 1):
        return True
    return _may_end_continued(text, end, dockerfile.escape or "\\")


def _may_end_continued(text: str, end: int, escape: str) -> bool:
    """Whether the instruction ending at ``end`` may have a last line that ends with ``escape``
    (then spaces or tabs): at one look, its last character."""
    return end > 0 and text[end - 1] in (escape, " ", "\t", "\r")


#: a line break, a line holding nothing but blanks, and its line break
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def _outside(dockerfile: Dockerfile, start: int, end: int, line: int, escape: str) -> tuple[str, str] | None:
    text, lines = dockerfile.text, dockerfile.lines
    starts = lines.line_starts
    above = text[starts[line] : start] if line + 1 < len(starts) and starts[line + 1] <= start else ""
    below = ""
    last, _column = lines.position(end)
    continued = continued_line(escape)
    if continued.search(lines.line_text(last)):
        _empty, stop = walk_continued(lines, last, continued)
        below = text[end : lines.line_end(stop)] if stop < lines.line_count else text[end:]
    return (above, below) if above or below else None
