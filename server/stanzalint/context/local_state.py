"""Files that look like secrets or local state: what a broad ``COPY`` should never carry."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

#: Directories of local state, by name anywhere in the tree.
STATE_DIRS = {".git": "the git history", "node_modules": "installed Node packages"}
#: File names that hold secrets.
SECRET_NAMES = re.compile(
    r"^(\.env(\.(?!example$|sample$|template$|dist$)[\w.-]+)?|id_(rsa|dsa|ecdsa|ed25519)|\.netrc|\.pypirc|credentials\.json)$"
)
SECRET_SUFFIXES = (".pem", ".key", ".p12", ".pfx")


def local_state(paths: Iterable[str]) -> dict[str, list[str]]:
    """``{entry: [paths]}``: each secret file, and each state directory (``.git/``,
    ``node_modules/``, a virtualenv: a directory with ``pyvenv.cfg``) with the files under it."""
    paths = list(paths)
    venvs = {posixpath.dirname(p) for p in paths if posixpath.basename(p) == "pyvenv.cfg"}
    found: dict[str, list[str]] = {}
    for path in paths:
        entry = _state_dir(path, venvs) or (path if _is_secret(path) else None)
        if entry is not None:
            found.setdefault(entry, []).append(path)
    return found


def describe(entry: str) -> str:
    """What kind of local state an entry from ``local_state`` is."""
    name = posixpath.basename(entry.rstrip("/"))
    if entry.endswith("/"):
        return STATE_DIRS.get(name, "a virtualenv")
    return "a secret"


def _state_dir(path: str, venvs) -> str | None:
    parts = path.split("/")
    for i, part in enumerate(parts[:-1]):
        prefix = "/".join(parts[: i + 1])
        if part in STATE_DIRS or prefix in venvs:
            return prefix + "/"
    return None


def _is_secret(path: str) -> bool:
    name = posixpath.basename(path)
    return bool(SECRET_NAMES.match(name)) or name.endswith(SECRET_SUFFIXES)
