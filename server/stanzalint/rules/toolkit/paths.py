"""Paths inside the image: absolute or not, joining a path to a working directory, whether one
path is (under) another, things filed by path and found by how their path relates to another,
and whether a removed or mounted path covers a directory."""

from __future__ import annotations

import posixpath
import re
from typing import Generic, TypeVar

T = TypeVar("T")


def is_absolute(path: str) -> bool:
    """Absolute on Linux (``/app``) or Windows (``C:\\app``, ``c:/app``, ``\\app``)."""
    return path.startswith(("/", "\\")) or bool(re.match(r"^[A-Za-z]:[\\/]", path))


def is_under(path: str, directory: str) -> bool:
    """``path`` is ``directory`` or inside it (every absolute path is under ``/``)."""
    return path == directory or path.startswith(directory.rstrip("/") + "/")


def _parents(path: str) -> list[str]:
    """Every ``directory`` that ``is_under`` puts ``path`` inside of, each as
    ``directory.rstrip("/")`` (``""`` for ``/``): the text before each ``/`` of ``path``."""
    return [path[:at] for at, char in enumerate(path) if char == "/"]


class PathIndex(Generic[T]):
    """Things filed under a path each (what a COPY put at its destination), found by how their
    path relates to another as ``is_under`` sees it: at that path, above it, below it. Each
    question costs lookups along the path asked about, not a comparison with every thing filed;
    answers come in the order things were filed. ``mark`` and ``rollback`` take back what was
    filed since the mark (walking a tree of stages: what one stage adds is gone for its sibling)."""

    def __init__(self) -> None:
        self._at: dict[str, list[tuple[int, str, T]]] = {}  # path as filed
        self._stripped: dict[str, list[tuple[int, str, T]]] = {}  # path.rstrip("/")
        self._in: dict[str, list[tuple[int, str, T]]] = {}  # each of the path's ``_parents``
        self._filed: list[list[list[tuple[int, str, T]]]] = []  # the lists each filing went into

    def add(self, path: str, thing: T) -> None:
        entry = (len(self._filed), path, thing)
        lists = [self._at.setdefault(path, []), self._stripped.setdefault(path.rstrip("/"), [])]
        lists += [self._in.setdefault(parent, []) for parent in _parents(path)]
        for filed in lists:
            filed.append(entry)
        self._filed.append(lists)

    def at(self, path: str) -> list[T]:
        """Things filed at exactly ``path``."""
        return [thing for _, _, thing in self._at.get(path, ())]

    def above(self, path: str) -> list[T]:
        """Things filed at a directory that ``path`` is inside of (not at ``path`` itself)."""
        found = [e for parent in _parents(path) for e in self._stripped.get(parent, ()) if e[1] != path]
        return [thing for _, _, thing in sorted(found, key=lambda e: e[0])]

    def below(self, path: str) -> list[T]:
        """Things filed at a path inside ``path`` (not at ``path`` itself)."""
        return [thing for _, filed, thing in self._in.get(path.rstrip("/"), ()) if filed != path]

    def related(self, path: str) -> list[T]:
        """Things filed at ``path``, above it, then below it: each thing whose path is under
        ``path`` or holds it."""
        return self.at(path) + self.above(path) + self.below(path)

    def mark(self) -> int:
        return len(self._filed)

    def rollback(self, mark: int) -> None:
        """Take back everything filed since ``mark``."""
        while len(self._filed) > mark:
            for filed in self._filed.pop():
                filed.pop()


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
