"""A group's remembered entries by row key, taken over by place for the rows an edit left alone.

The findings memo remembers, for each row key of a group of rules, an entry (the group's
findings about the row, and where it stood then). A lint looks up each of its rows' keys. Most
rows are the last lint's, in the same order. When a lint has as many rows as the last one, the
memo hands it the last lint's key objects for the rows whose key parts are all the same objects
(``LintRows.keys``): those rows take the last lint's entries at the same places, found by
identity at C speed, and only the other rows are looked up by key. Otherwise the rows before
the edit are at the same places, the rows after it at the same places counted from the end:
their keys are equal to the last lint's at those places (equal tuples of the same tokens:
compared at once, without hashing), so their entries are the last lint's entries at those
places, and only the rows in between are looked up. The table of keys grows only by the
looked-up rows' keys and is rebuilt from the last two lints' rows when it holds more than twice
the rows of a lint: an entry lives at least while the last lint or the one before used it (an
undo finds the text before the edit), and memory follows the document's size, not its history.
A row an erase or an undo puts back where it stood a few lints ago finds the entry a lint then
had there (``moved``): its findings stand there as they are, with no copies.

The findings a group's last lints handed out are kept as the lists they were (``RecentOutputs``):
the rows before the edit have the last lint's, and the rows after it, once an erase or an undo
puts them back where a recent lint had them with the same keys, that lint's, each taken as one
part of the list instead of row by row.

The rows of stage rules that read only some commands keep their entries (``findings_memo.Placed``:
findings with the row's layout) in such a table too, and look them up by key: an erase or an
undo finds a stage's findings from before the edit without running its rules again.
"""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Callable, Hashable, Sequence
from itertools import compress, count
from operator import is_not, ne
from typing import Generic, TypeVar

from stanzalint.command_projection import REMEMBERED_LINTS, RecentLints

E = TypeVar("E")
F = TypeVar("F")

#: Where a row stands: its start and its first line
Place = tuple[int, int]

#: A lint's keys as made from the last lint's list of keys: that list, and the rows (ascending)
#: whose key is not its object at the same place
KeyChanges = tuple[list[Hashable], list[int]]


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

    __slots__ = ("keys", "entries", "_before_keys", "_before_entries", "table", "_moves", "outputs")

    def __init__(self) -> None:
        self.keys: list[Hashable] = []
        self.entries: list[E] = []
        self._before_keys: list[Hashable] = []  # the lint before the last's rows
        self._before_entries: list[E] = []
        self.table: dict[Hashable, E] = {}
        #: the entries of moved rows, by key and place, while one of the last lints used them
        #: (made when a row first moves: the groups of stage rows never ask)
        self._moves: RecentLints | None = None
        #: what the last lints handed out (``RecentOutputs``), for the groups whose findings
        #: are handed out as a list in their rows' order
        self.outputs: RecentOutputs | None = None

    def __len__(self) -> int:
        return len(self.table)

    def recall(
        self, keys: list[Hashable], changes: KeyChanges | None = None
    ) -> tuple[list[E | None], Sequence[int], int]:
        """Each row's remembered entry (None for a key not remembered), the rows looked up by key
        (the others are the last lint's rows at the same places, with its entries there), and
        how many rows at the start are the last lint's. ``changes``, when its list is the last
        lint's keys, names the rows whose key is not that list's object at the same place (found
        once per lint for every group: ``LintRows.key_changes``), sparing a pass over every row."""
        last = self.keys
        if len(keys) == len(last):  # the rows whose key is the last lint's object at the same place
            looked: Sequence[int]
            if changes is not None and changes[0] is last:
                looked = changes[1]
            else:
                looked = list(compress(count(), map(is_not, keys, last)))
            found: list[E | None] = list(self.entries)
            get = self.table.get
            for i in looked:
                found[i] = get(keys[i])
            return found, looked, looked[0] if looked else len(keys)
        head, tail = unchanged_ends(keys, last)
        middle = map(self.table.get, keys[head : len(keys) - tail])
        found = [*self.entries[:head], *middle, *self.entries[len(last) - tail :]]
        return found, range(head, len(keys) - tail), head

    def moved(self, key: Hashable, entry: E, was: Place, now: Place, move: Callable[[E, Place], E]) -> E:
        """The entry of the row keyed ``key`` where it now stands (``now``), given its ``entry``
        where it stood (``was``): the one a lint of the last ``REMEMBERED_LINTS`` had there
        (typing a word and erasing it puts the rows after it back where they stood a few lints
        ago), else ``move(entry, now)``'s copy; both are remembered for the next lints."""
        moves = self._moves
        if moves is None:
            moves = self._moves = RecentLints(REMEMBERED_LINTS)
        found = moves.get((key, now))
        if found is None:
            moves.put((key, was), entry)  # type: ignore[arg-type]
            found = move(entry, now)
            moves.put((key, now), found)  # type: ignore[arg-type]
        return found  # type: ignore[return-value]

    def keep(self, keys: list[Hashable], entries: list[E], looked: Sequence[int]) -> None:
        """Remember a lint's rows: ``keys`` and their ``entries``, of which only the ``looked`` up
        rows' may be new to the table (the others are the last lint's)."""
        table = self.table
        for i in looked:
            table[keys[i]] = entries[i]
        self._before_keys, self._before_entries = self.keys, self.entries
        self.keys, self.entries = keys, entries
        if self._moves is not None:
            self._moves.next_lint()
        if len(table) > 2 * len(keys):
            self.table = dict(zip(self._before_keys, self._before_entries))
            self.table.update(zip(keys, entries))


#: A place in a row (a finding's start): what ``RecentOutputs`` finds a row's first finding by
Start = Callable[[object], int]


class RecentOutputs(Generic[F]):
    """The lists of findings a group's last ``REMEMBERED_LINTS`` lints handed out, each with its
    rows' keys and places (start, end, line), newest last: the rows a lint shares with one of
    them, at the same places with equal keys, have the findings it handed out, so a lint takes
    that part of its list as a block instead of going through those rows one by one. A list
    holds its rows' findings in their order, each lying inside its row (``LintRows.row_at``),
    and rows lie apart (a line break at least between two), so the findings of the rows from
    a row on are the part of the list from the first finding starting at that row's start
    (``start`` reads where a finding starts)."""

    __slots__ = ("_start", "_lists")

    def __init__(self, start: Start) -> None:
        self._start = start
        self._lists: deque[tuple[Sequence[Hashable], Sequence[tuple[int, int, int]], list[F]]] = deque(
            maxlen=REMEMBERED_LINTS
        )

    def add(self, keys: Sequence[Hashable], places: Sequence[tuple[int, int, int]], found: list[F]) -> None:
        """Remember ``found``, what a lint handed out about rows keyed ``keys`` standing at ``places``."""
        self._lists.append((keys, places, found))

    def head(self, rows: int, places: Sequence[tuple[int, int, int]]) -> list[F]:
        """What the last lint handed out about its first ``rows`` rows, when they are this lint's
        first rows with the same keys at the same ``places`` (the caller knows it)."""
        if not rows:
            return []
        last = self._lists[-1][2]
        return last[: bisect.bisect_right(last, places[rows - 1][1], key=self._start)]

    def tail(self, keys: Sequence[Hashable], places: Sequence[tuple[int, int, int]], first: int) -> list[F] | None:
        """What a recent lint handed out about the rows from ``first`` on, when it had as many
        rows and those rows, with equal keys, stood at ``places`` (where this lint's stand);
        None when none did, or when the last lint found nothing about them (going through
        rows with nothing found costs less than comparing their keys)."""
        if first >= len(keys):
            return []
        if not self._lists:
            return None
        _keys, last_places, last = self._lists[-1]
        if len(last_places) <= first or not last or self._start(last[-1]) < last_places[first][0]:
            return None
        at = places[first]
        for old_keys, old_places, found in reversed(self._lists):
            if (
                len(old_keys) == len(keys)
                and old_places[first] == at
                and old_places[first:] == places[first:]
                and old_keys[first:] == keys[first:]
            ):
                return found[bisect.bisect_left(found, at[0], key=self._start) :]
        return None
