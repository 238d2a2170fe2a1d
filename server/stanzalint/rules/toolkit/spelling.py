"""How names are spelled: a near-miss suggestion for a misspelt name (among a few names, or
among many indexed once), and consistent casing."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

#: how alike ``suggestion`` wants a near miss (``difflib``'s ratio)
_CUTOFF = 0.8
#: ``Suggester`` reads the names that begin or end with the same this many letters
_ENDS = 3


def suggestion(name: str, options: Iterable[str]) -> str | None:
    """The option that looks like a misspelling of ``name`` (same letters in another case, or one
    or two edits away), else None."""
    opts = sorted({o for o in options if o and o != name})
    for o in opts:
        if o.lower() == name.lower():
            return o
    close = difflib.get_close_matches(name, opts, n=1, cutoff=_CUTOFF)
    return close[0] if close else None


class Suggester:
    """Many names (every variable a file declares), indexed once so that ``suggestion`` among
    those of them usable at some point costs lookups, not a comparison with each: it reads the
    names spelt the same in another case, and those of a length ``difflib`` can find close that
    begin or end with the same three letters, ignoring case (as both names of every close pair
    do among the 826 variable names of 316 real Dockerfiles), at most ``most_read`` of these."""

    def __init__(self, names: Iterable[str], most_read: int = 50) -> None:
        self.most_read = most_read
        self._by_case: dict[str, list[str]] = {}
        self._by_first: dict[tuple[str, int], list[str]] = {}
        self._by_last: dict[tuple[str, int], list[str]] = {}
        for name in dict.fromkeys(n for n in names if n):
            self._by_case.setdefault(name.lower(), []).append(name)
            self._by_first.setdefault((name[:_ENDS].lower(), len(name)), []).append(name)
            self._by_last.setdefault((name[-_ENDS:].lower(), len(name)), []).append(name)

    def suggestion(self, name: str, usable: Callable[[str], bool]) -> str | None:
        """What ``suggestion(name, <the indexed names usable here>)`` answers, reading at most
        ``most_read`` names of a length and first or last letters that can be close."""
        if not name:
            return None
        same = sorted(o for o in self._by_case.get(name.lower(), ()) if o != name and usable(o))
        if same:
            return same[0]
        near: dict[str, None] = {}
        first, last = name[:_ENDS].lower(), name[-_ENDS:].lower()
        for size in _close_lengths(len(name)):
            for bucket in (self._by_first.get((first, size)), self._by_last.get((last, size))):
                near.update(dict.fromkeys((bucket or [])[: self.most_read - len(near)]))
        near.pop(name, None)
        if not near:
            return None
        # best first; only the names close enough are asked whether they are usable
        close = difflib.get_close_matches(name, list(near), n=len(near), cutoff=_CUTOFF)
        return next((other for other in close if usable(other)), None)


def _close_lengths(size: int) -> list[int]:
    """The lengths of the names ``difflib`` can find close to one of ``size`` characters (its
    ``real_quick_ratio`` bound), nearest first."""
    fits = [n for n in range(1, 2 * size + 2) if 2.0 * min(size, n) / (size + n) >= _CUTOFF]
    return sorted(fits, key=lambda n: (abs(n - size), n))


def is_self_consistent(word: str) -> bool:
    """All lower or all upper case (``RUN``, ``run``; not ``Run``)."""
    return word == word.lower() or word == word.upper()
