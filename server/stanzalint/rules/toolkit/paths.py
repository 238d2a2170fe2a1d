"""Paths inside the image: absolute or not, joining a path to a working directory, whether one
path is (under) another, whether a removed or mounted path covers a directory, and paths
recorded at places (instructions) looked up by text."""

from __future__ import annotations

import posixpath
import re
from bisect import bisect_left
from collections.abc import Iterable


def is_absolute(path: str) -> bool:
    """Absolute on Linux (``/app``) or Windows (``C:\\app``, ``c:/app``, ``\\app``)."""
    return path.startswith(("/", "\\")) or bool(re.match(r"^[A-Za-z]:[\\/]", path))


def is_under(path: str, directory: str) -> bool:
    """``path`` is ``directory`` or inside it (every absolute path is under ``/``)."""
    return path == directory or path.startswith(directory.rstrip("/") + "/")


def resolve_path(base: str | None, path: str) -> str | None:
    """``path`` made absolute against ``base`` (None when either is unknown)."""
    if path.startswith("/"):
        return posixpath.normpath(path)
    if base is None or "$" in path:
        return None
    return posixpath.normpath(posixpath.join(base, path))


def _cleanup_path(path: str) -> str:
    p = path.strip("\"'")
    while p.endswith("/*") or p.endswith("/"):
        p = p[:-2] if p.endswith("/*") else p[:-1]
    return p or "/"


def covers(path: str, directory: str) -> bool:
    """True when removing or mounting ``path`` takes care of ``directory``: the same
    directory (``/var/lib/apt/lists/*`` counts) or a parent of it."""
    p = _cleanup_path(path)
    d = _cleanup_path(directory)
    return d == p or d.startswith(p.rstrip("/") + "/")


def expand_braces(value: str) -> list[str]:
    """``/var/lib/{apt,dpkg}/`` -> ``/var/lib/apt/``, ``/var/lib/dpkg/`` (one level is enough
    for the cleanup paths people write)."""
    m = re.search(r"\{([^{}]*,[^{}]*)\}", value)
    if m is None:
        return [value]
    return [value[: m.start()] + part + value[m.end() :] for part in m.group(1).split(",")]


class PlacedPaths:
    """Paths (any strings) each recorded at a place, such as an instruction's index in its stage,
    and asked for the last place before a given one where a path equal to a text, or starting
    with it, was recorded. Sorted once: a question costs a binary search, plus one step for each
    recorded path that starts with the text, instead of a walk back through every place."""

    def __init__(self, entries: Iterable[tuple[str, int]]) -> None:
        self._entries = sorted(entries)

    def last_equal(self, text: str, before: int) -> int | None:
        """The last place before ``before`` where ``text`` itself was recorded."""
        at = bisect_left(self._entries, (text, before)) - 1
        return self._entries[at][1] if at >= 0 and self._entries[at][0] == text else None

    def last_starting_with(self, prefix: str, before: int) -> int | None:
        """The last place before ``before`` where a path starting with ``prefix`` was recorded."""
        entries, last = self._entries, None
        for at in range(bisect_left(entries, (prefix,)), len(entries)):
            path, place = entries[at]
            if not path.startswith(prefix):
                break
            if place < before and (last is None or place > last):
                last = place
        return last
