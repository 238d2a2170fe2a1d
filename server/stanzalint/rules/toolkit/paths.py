"""Paths inside the image: absolute or not, joining a path to a working directory, whether one
path is (under) another, and whether a removed or mounted path covers a directory."""

from __future__ import annotations

import posixpath
import re


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
