"""``FactList``: an analysis' declarations or references, with the stages an edit moved made when read.

A keystroke moves every stage after it, and their facts are made when first read
(``rebase.PendingStage``). Whole-file readers mostly look at a range of the facts, found by
bisection on their places (the facts of some stages); a ``FactList`` makes the stages the items
read stand in, not every stage: how many facts each stage still to be made holds is known, so
every item keeps its index while the stages are made one by one.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, TypeVar, overload

F = TypeVar("F")


def facts_between(facts: list[F], key: Callable[[F], int], start: int, end: int) -> list[F]:
    """The facts of ``facts`` (ordered by ``key``, a place) from ``start`` to before ``end``: a
    slice cut by two bisections."""
    return facts[bisect.bisect_left(facts, start, key=key) : bisect.bisect_left(facts, end, key=key)]


class Gaps:
    """Where the facts of the stages still to be made stand among all the facts: made from
    (index among the facts made where a stage's facts go, how many they are, the stage's index),
    in document order. A stage without any such fact has no gap."""

    __slots__ = ("firsts", "ends", "stages")

    def __init__(self, places: list[tuple[int, int, int]]) -> None:
        self.firsts: list[int] = []  # the index of each gap's first fact among all the facts
        self.ends: list[int] = []  # the index after its last one
        self.stages: list[int] = []
        held = 0
        for at, count, stage in places:
            if count:
                self.firsts.append(at + held)
                self.ends.append(at + held + count)
                self.stages.append(stage)
                held += count

    def held(self) -> int:
        """How many facts are still to be made."""
        return sum(end - first for first, end in zip(self.firsts, self.ends))

    def stages_between(self, start: int, stop: int) -> list[int]:
        """The stages whose facts stand at an index from ``start`` to before ``stop``."""
        k = bisect.bisect_right(self.ends, start)
        found = []
        while k < len(self.firsts) and self.firsts[k] < stop:
            found.append(self.stages[k])
            k += 1
        return found

    def held_before(self, at: int) -> int:
        """How many facts before index ``at`` are still to be made (none is at ``at``)."""
        before = bisect.bisect_left(self.firsts, at)
        return sum(end - first for first, end in zip(self.firsts[:before], self.ends[:before]))

    def made(self, stage: int) -> None:
        """Forget the gap of ``stage``, whose facts were made (the others keep their indices)."""
        if stage in self.stages:
            k = self.stages.index(stage)
            del self.firsts[k], self.ends[k], self.stages[k]


class FactList(Sequence[F]):
    """The facts ``made`` so far (in document order) and those of the stages still to be made,
    at their places: ``gaps()`` tells where those stand; ``bring(index)`` makes the facts of
    stage ``index`` (they are then in ``made``). An item is found and read holding ``lock``,
    which whoever makes a stage holds (another thread may make one of the same analysis)."""

    __slots__ = ("made", "gaps", "bring", "lock")

    def __init__(
        self, made: list[F], gaps: Callable[[], Gaps], bring: Callable[[int], None], lock: AbstractContextManager[Any]
    ) -> None:
        self.made = made
        self.gaps = gaps
        self.bring = bring
        self.lock = lock

    def __len__(self) -> int:
        with self.lock:
            return len(self.made) + self.gaps().held()

    @overload
    def __getitem__(self, at: int) -> F: ...
    @overload
    def __getitem__(self, at: slice) -> list[F]: ...
    def __getitem__(self, at: int | slice) -> F | list[F]:
        with self.lock:
            return self._item(at)

    def _item(self, at: int | slice) -> F | list[F]:
        """``self[at]`` (the caller holds ``lock``)."""
        if isinstance(at, slice):
            start, stop, step = at.indices(len(self))
            if step != 1:
                return self._all()[at]
            if start >= stop:
                return []
            self._bring_between(start, stop)
            before = self.gaps().held_before(start)
            return self.made[start - before : stop - before]
        if at < 0:
            at += len(self)
        self._bring_between(at, at + 1)
        return self.made[at - self.gaps().held_before(at)]

    def __iter__(self) -> Iterator[F]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FactList):
            return self._all() == other._all()
        return isinstance(other, list) and self._all() == other

    __hash__ = None  # type: ignore[assignment]  # as a list: equal by value, so unhashable

    def __repr__(self) -> str:
        return repr(self._all())

    def _all(self) -> list[F]:
        """Every fact, every stage made (none is left to be made, so the list no longer changes)."""
        with self.lock:
            for stage in list(self.gaps().stages):
                self.bring(stage)
            return self.made

    def _bring_between(self, start: int, stop: int) -> None:
        """Make the stages whose facts stand at an index from ``start`` to before ``stop``."""
        for stage in self.gaps().stages_between(start, stop):
            self.bring(stage)
