"""Third-party tags that nobody pushes any more (``retired_tags.tsv``, hand written with a
date and a source per row): a frozen tag (``tensorflow/tensorflow:nightly-devel``, last pushed
in 2018) or every tag of an image removed from its registry (``minio/minio``).

Official images need no such list: their library files say which tags are still published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from re import Pattern
from typing import Any

from stanzalint.knowledge._data import Row, table
from stanzalint.knowledge.names import effective_tag, resolve


@dataclass(frozen=True)
class RetiredTag:
    state: str  # "frozen" (still pullable, never updated) | "removed" (no longer pullable)
    since: str  # ISO date of the retirement
    note: str  # what happened, one sentence
    source: str


@cache
def _rows() -> list[tuple[Pattern[str], Row]]:
    return [(re.compile(r["tag_re"]), r) for r in table("retired_tags.tsv")]


def retired_tag(repository: Any, tag: str | None = None) -> RetiredTag | None:
    """Why ``repository:tag`` no longer moves (its publisher retired it), or None."""
    name, tag = resolve(repository, tag)
    tag = effective_tag(tag)
    for tag_re, row in _rows():
        if row["image"] == name and tag_re.fullmatch(tag):
            return RetiredTag(row["state"], row["since"], row["note"], row["source"])
    return None
