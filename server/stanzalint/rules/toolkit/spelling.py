"""How names are spelled: a near-miss suggestion for a misspelt name, and consistent casing."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def suggestion(name: str, options: Iterable[str]) -> str | None:
    """The option that looks like a misspelling of ``name`` (same letters in another case, or one
    or two edits away), else None."""
    opts = sorted({o for o in options if o and o != name})
    for o in opts:
        if o.lower() == name.lower():
            return o
    close = difflib.get_close_matches(name, opts, n=1, cutoff=0.8)
    return close[0] if close else None


def is_self_consistent(word: str) -> bool:
    """All lower or all upper case (``RUN``, ``run``; not ``Run``)."""
    return word == word.lower() or word == word.upper()
