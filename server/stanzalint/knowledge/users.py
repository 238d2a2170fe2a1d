"""The user an image runs as by default (``nonroot.tsv``, the hand-written ``nonroot_extra.tsv``
for images the shared facts do not cover, and the USER of listed tags)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stanzalint.knowledge.images import tag_rows
from stanzalint.knowledge.names import effective_tag, resolve
from stanzalint.knowledge.patterns import best_match

_ROOT = ("", "root", "0", "0:0", "root:root", "unknown")


@dataclass(frozen=True)
class DefaultUser:
    user: str  # "65532", "node", "root", "1000:0"
    note: str  # "nonroot", "jovyan, NB_UID; gid 100", ...
    nonroot: str  # "yes" | "no" | "partial" (root configured, the process drops privileges)
    mechanism: str  # "USER instruction", "image config user", "entrypoint", ...
    source: str  # "tag" (USER of the listed tag's Dockerfile) or the nonroot.tsv pattern


def default_user(repository: Any, tag: str | None = None) -> DefaultUser | None:
    """What the data says about the image's default user; None when it says nothing."""
    name, tag = resolve(repository, tag)
    tag = effective_tag(tag).lower()
    match = best_match("nonroot.tsv", name, tag) or best_match("nonroot_extra.tsv", name, tag)
    if match is not None:
        row = match[0]
        return DefaultUser(row["user"], row["user_note"], row["nonroot"], row["mechanism"], row["pattern"])
    rows = tag_rows(name, tag)
    row = next((r for r in rows if r["os"] == "linux"), rows[0] if rows else None)
    if row is None or row["default_user"] in ("", "unknown"):
        return None
    user = row["default_user"]
    nonroot = "no" if user in _ROOT else "yes"
    return DefaultUser(user, "", nonroot, "USER instruction", "tag")


def runs_as_nonroot(repository: Any, tag: str | None = None) -> str | None:
    """The default user when the image is known to run as non-root (``65532`` for
    ``gcr.io/distroless/static:nonroot``, ``1000`` for jupyter images, ``1001`` for bitnami
    apps); None when it runs as root, only drops privileges in its entrypoint, or is unknown."""
    found = default_user(repository, tag)
    if found is None or found.nonroot != "yes":
        return None
    return found.user


def drops_privileges(repository: Any, tag: str | None = None) -> bool:
    """True when the image starts as root and its entrypoint or server switches to another user
    by itself (``postgres``, ``redis``, ``httpd``: ``nonroot`` is "partial")."""
    found = default_user(repository, tag)
    return found is not None and found.nonroot == "partial"
