"""Which files a command lints, and their text: Dockerfile-like names under directories, files
named directly, ``-`` for standard input. Unreadable or missing paths raise ``UsageError``."""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from stanzalint.exits import UsageError

DOCKERFILE_PATTERNS = ("Dockerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile", "Containerfile", "Containerfile.*")
#: Names people also give Dockerfiles (``Dockerfile-dev``, ``api_Dockerfile``), found by the walk too.
EXTRA_PATTERNS = ("Dockerfile-*", "Dockerfile_*", "*-Dockerfile", "*_Dockerfile", "Containerfile-*", "*-Containerfile")
NOT_DOCKERFILES = ("*.dockerignore",)
SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"}


def is_dockerfile_name(name: str) -> bool:
    if any(fnmatch.fnmatchcase(name, pattern) for pattern in NOT_DOCKERFILES):
        return False
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in DOCKERFILE_PATTERNS + EXTRA_PATTERNS)


def collect_files(paths: Sequence[str]) -> list[str]:
    """Files named directly, and Dockerfile-like files under named directories (sorted)."""
    files: list[str] = []
    for path in paths:
        if path == "-":
            files.append(path)
        elif os.path.isdir(path):
            found = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
                found.extend(os.path.join(root, n) for n in names if is_dockerfile_name(n))
            if not found:
                raise UsageError(f"{path}: no Dockerfiles found (looked for {', '.join(DOCKERFILE_PATTERNS)})")
            files.extend(sorted(found))
        elif os.path.exists(path):
            files.append(path)
        else:
            raise UsageError(f"{path}: no such file or directory")
    return files


@dataclass
class Source:
    """One file's text, as read."""

    path: str  # as reported
    text: str
    lossy: bool  # bytes that were not UTF-8 were replaced: never write fixes back
    real_path: str | None  # None for stdin


def read_source(path: str, stdin_filename: str | None) -> Source:
    """The text of ``path`` (``-``: standard input, reported as ``stdin_filename``)."""
    from stanzalint.syntax import decode

    if path == "-":
        data = sys.stdin.buffer.read()
        text = decode(data)
        return Source(stdin_filename or "-", text, _is_lossy(data), None)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return Source(path, decode(data), _is_lossy(data), path)


def _is_lossy(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return False
    except UnicodeDecodeError:
        return True
