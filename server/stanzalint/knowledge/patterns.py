"""Matching the regex-keyed tables (``os_family.tsv``, ``nonroot.tsv``) against an image.

Each row has ``image_re`` and ``tag_re`` (anchored at both ends), a ``priority`` (higher wins:
an exact tag beats a longer ``*suffix``, which beats ``<version>``, which beats ``*``) and an
``os`` (``windows`` rows lose ties to Linux rows, since a shared tag resolves per platform).
"""

from __future__ import annotations

import re
from functools import cache
from re import Pattern

from stanzalint.knowledge._data import Row, TableBlocks, rows_of_lines

_Entry = tuple[str, str, int, Row]


@cache
def _re(pattern: str) -> Pattern[str]:
    """Compiled on first use: compiling every row up front would cost tens of milliseconds."""
    return re.compile(pattern)


def _literal(image_re: str) -> str | None:
    """The name an ``image_re`` spells literally (``nvidia/cuda``), or None for a real regex."""
    text = re.sub(r"\\(.)", r"\1", image_re)
    return text if re.escape(text) == image_re or text == image_re else None


def _name_of(image_re: str) -> str | None:
    """The one image name an ``image_re`` matches, or None when it matches by a regex."""
    literal = _literal(image_re)
    if literal is not None and not any(c in literal for c in "*+?()[]|\\"):
        return literal
    return None


def _entry(row: Row) -> _Entry:
    """A pattern row as what ``best_match`` compares: its image and tag patterns, its priority."""
    return (row["image_re"], row["tag_re"], int(row["priority"]), row)


@cache
def _entries(name: str) -> tuple[TableBlocks, list[_Entry]]:
    """The rows of table ``name`` that name their image, by name (read when a name is asked),
    and the entries of the rows that match images by a regex."""
    by_name = TableBlocks(name, key=_name_of)
    return by_name, [_entry(row) for row in rows_of_lines(name, by_name.unkeyed)]


@cache
def _named_entries(name: str, image: str) -> tuple[_Entry, ...]:
    """The entries of table ``name`` whose ``image_re`` is ``image`` spelled literally, in file
    order (remembered: only the table's own names are asked, ``best_match`` checks first)."""
    return tuple(_entry(row) for row in rows_of_lines(name, _entries(name)[0].lines(image)))


def best_match(table_name: str, image: str, tag: str) -> tuple[Row, re.Match[str], re.Match[str]] | None:
    """The winning row for ``image:tag`` with its image and tag matches, or None."""
    by_name, regexes = _entries(table_name)
    named = _named_entries(table_name, image) if image in by_name else ()
    best = None
    best_key: tuple[int, int] = (-1, -1)
    for image_re, tag_re, priority, row in (*named, *regexes):
        image_match = _re(image_re).fullmatch(image)
        if not image_match:
            continue
        tag_match = _re(tag_re).fullmatch(tag)
        if not tag_match:
            continue
        key = (priority, 0 if row.get("os") == "windows" else 1)
        if key > best_key:
            best, best_key = (row, image_match, tag_match), key
    return best
