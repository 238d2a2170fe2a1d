"""A group's remembered entries by row key, taken over by place for the rows an edit left alone.

The findings memo remembers, for each row key of a group of rules, an entry (the group's
findings about the row, and where it stood then). A lint looks up each of its rows' keys. Most
rows are the last lint's, in the same order: the rows before the edit at the same places, the
rows after it at the same places counted from the end. Their keys are equal to the last lint's
at those places (equal tuples of the same tokens: compared at once, without hashing), so their
entries are the last lint's entries at those places; only the rows in between are looked up
by key. The table of keys grows only by those rows' keys and is rebuilt from the last two
lints' rows when it holds more than twice the rows of a lint: an entry lives at least while the
last lint or the one before used it (an undo finds the text before the edit), and memory
follows the document's size, not its history. A row an erase or an undo puts back where it
stood two lints ago finds that lint's entry at the same place (``earlier``): its findings stand
there as they are, with no copies.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from itertools import compress, count
from operator import ne
from typing import Generic, TypeVar

E = TypeVar("E")


def unchanged_ends(keys: Sequence[Hashable], last: Sequence[Hashable]) -> tuple[int, int]:
    """How many of ``keys`` at the start and at the end equal ``last``'s at the same places
    (counted from the start, then from the end), not overlapping."""
    shortest = min(len(keys), len(last))
    head = next(compress(count(), map(ne, keys[:shortest], last[:shortest])), shortest)
    rest = shortest - head
    tail = next(
        compress(count(), map(ne, reversed(keys[len(keys) - rest :]), reversed(last[len(last) - rest :]))), rest
    )
    return head, tail


class RowEntries(Generic[E]):
    """One group's entries: the last lint's rows (their keys and entries, in order) and a table
    of the entries of the keys the last lints used."""

    __slots__ = ("keys", "entries", "_before_keys", "_before_entries", "table")

    def __init__(self) -> None:
        self.keys: list[Hashable] = []
        self.entries: list[E] = []
        self._before_keys: list[Hashable] = []  # the lint before the last's rows
        self._before_entries: list[E] = []
        self.table: dict[Hashable, E] = {}

    def __len__(self) -> int:
        return len(self.table)

    def recall(self, keys: list[Hashable]) -> tuple[list[E | None], int, int]:
        """Each row's remembered entry (None for a key not remembered), and how many rows at the
        start and at the end are the last lint's (their entries are the last lint's at those
        places)."""
        last = self.keys
        head, tail = unchanged_ends(keys, last)
        middle = map(self.table.get, keys[head : len(keys) - tail])
        found: list[E | None] = [*self.entries[:head], *middle, *self.entries[len(last) - tail :]]
        return found, head, tail

    def earlier(self, keys: list[Hashable], row: int, head: int) -> E | None:
        """The entry the lint before the last had for ``row`` of ``keys`` at the same place
        (counted from the start before ``head``, else from the end), when its key there was
        the same: after an erase or an undo, a row stands where it stood then."""
        before = self._before_keys
        at = row if row < head else row - len(keys) + len(before)
        if 0 <= at < len(before) and before[at] == keys[row]:
            return self._before_entries[at]
        return None

    def keep(self, keys: list[Hashable], entries: list[E], head: int, tail: int) -> None:
        """Remember a lint's rows: ``keys`` and their ``entries``, of which the first ``head`` and
        the last ``tail`` are the last lint's keys (and so already in the table)."""
        self.table.update(zip(keys[head : len(keys) - tail], entries[head : len(entries) - tail]))
        self._before_keys, self._before_entries = self.keys, self.entries
        self.keys, self.entries = keys, entries
        if len(self.table) > 2 * len(keys):
            self.table = dict(zip(self._before_keys, self._before_entries))
            self.table.update(zip(keys, entries))
