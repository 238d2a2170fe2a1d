"""Build / SDK images that should not be a final stage's base (``build_images.tsv``, hand
written with a source per row), and what to run on instead."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from re import Pattern
from typing import Any

from stanzalint.knowledge._data import Row, table
from stanzalint.knowledge.images import has_tag, slim_alternative, tag_index
from stanzalint.knowledge.names import effective_tag, resolve
from stanzalint.knowledge.tagparse import parse_tag


@dataclass(frozen=True)
class BuildImage:
    reason: str
    runtime_alternative: str | None  # a full reference, or None when none is known
    source: str


@cache
def _rows() -> list[tuple[Pattern[str], Row]]:
    return [(re.compile(r["tag_re"]), r) for r in table("build_images.tsv")]


def _substitute(name: str, tag: str, old: str, new: str) -> str | None:
    """``21-jdk`` -> ``21-jre``; a tag without ``old`` gets ``-new`` after its version."""
    tokens = list(parse_tag(tag).tokens)
    if old in tokens:
        tokens[tokens.index(old)] = new
    else:
        index = parse_tag(tag).version_index
        if index is None:
            return None
        tokens.insert(index + 1, new)
    candidate = "-".join(tokens)
    if name in tag_index() and not has_tag(name, candidate):
        return None
    return candidate


def _alternative(name: str, tag: str, spec: str) -> str | None:
    if not spec:
        return None
    if spec == "slim":
        slim = slim_alternative(name, tag)
        return f"{name}:{slim}" if slim else None
    if spec.startswith("sub:"):
        _, old, new = spec.split(":")
        replaced = _substitute(name, tag, old, new)
        return f"{name}:{replaced}" if replaced else None
    return spec


def build_image_info(repository: Any, tag: str | None = None) -> BuildImage | None:
    name, tag = resolve(repository, tag)
    tag = effective_tag(tag).lower()
    for tag_re, row in _rows():
        if row["image"] == name and tag_re.fullmatch(tag):
            return BuildImage(row["reason"], _alternative(name, tag, row["runtime_alternative"]), row["source"])
    return None


def build_image(repository: Any, tag: str | None = None) -> str | None:
    """Why ``repository:tag`` is a build / SDK image, or None (unknown images: None)."""
    info = build_image_info(repository, tag)
    return info.reason if info else None


def runtime_alternative(repository: Any, tag: str | None = None) -> str | None:
    """An image to run on instead of the build image (``nvidia/cuda:12.2.0-runtime-ubuntu22.04``
    for ``...-devel-...``, ``node:20-slim`` for ``node:20``), or None."""
    info = build_image_info(repository, tag)
    return info.runtime_alternative if info else None
