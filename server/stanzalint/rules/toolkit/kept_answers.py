"""Answers about each instruction that depend on the instruction alone, carried from one parse
to the next: a keystroke's re-parse keeps the instructions before its edit (the same objects)
and moves those after it (``Dockerfile.moved``), so only the instructions it read again are
asked; the others' answers are the last parse's, and the moved instructions are not read."""

from __future__ import annotations

import bisect
import weakref
from collections import Counter
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from stanzalint.syntax.model import Dockerfile, Instruction

T = TypeVar("T")
R = TypeVar("R")


class _KeptFromLastParse(Generic[R]):
    """Something made of a whole parse from ``answer(instruction, text)`` for its top-level
    instructions (``text`` being the parse's text; an answer must depend only on the
    instruction's own words and text, not on where it stands), carried from the last parse asked
    about to a re-parse made on it (``_carried``), else made afresh (``_fresh``). Holds that
    last parse (weakly) and what was made of it, and only those: one object per question, shared
    by the threads that lint (it is carried over only from the parse it was made of, checked by
    identity, so none is stale). A part of a parse (``PartialDockerfile``) is answered afresh
    and not kept: its instructions are not the moved tail its parse describes."""

    __slots__ = ("_answer", "_last")

    def __init__(self, answer: Callable[[Instruction, str], Any]) -> None:
        self._answer = answer
        self._last: tuple[weakref.ref[Dockerfile], R] | None = None

    def of(self, dockerfile: Dockerfile) -> R:
        """What is made of ``dockerfile`` (shared: do not change it)."""
        if type(dockerfile) is not Dockerfile:
            return self._fresh(dockerfile)
        last = self._last
        previous = last[0]() if last is not None else None
        if last is not None and previous is dockerfile:
            return last[1]
        found = None
        if last is not None and previous is not None:
            found = self._carried(previous, last[1], dockerfile)
        if found is None:
            found = self._fresh(dockerfile)
        self._last = (weakref.ref(dockerfile), found)
        return found

    def _fresh(self, dockerfile: Dockerfile) -> R:
        """What is made of ``dockerfile``, read whole."""
        raise NotImplementedError

    def _asked(self, dockerfile: Dockerfile, instructions: list[Instruction]) -> list[Any]:
        """The answer for each of ``instructions``, of ``dockerfile``."""
        answer, text = self._answer, dockerfile.text
        return [answer(ins, text) for ins in instructions]

    def _carried(self, previous: Dockerfile, before: R, dockerfile: Dockerfile) -> R | None:
        """``before``, made of ``previous``, brought to ``dockerfile`` (None: make it afresh)."""
        raise NotImplementedError


class KeptAnswers(_KeptFromLastParse[list[T]]):
    """``answer(instruction, text)`` for each top-level instruction of a parse, in order (``of``;
    a shared list: do not change it)."""

    __slots__ = ()

    def __init__(self, answer: Callable[[Instruction, str], T]) -> None:
        super().__init__(answer)

    def _fresh(self, dockerfile: Dockerfile) -> list[T]:
        return self._asked(dockerfile, dockerfile.instructions)

    def _carried(self, previous: Dockerfile, before: list[T], dockerfile: Dockerfile) -> list[T] | None:
        """``previous``'s answers for the instructions ``dockerfile`` kept from it (the same
        objects at the start; its moved tail, when it was parsed on ``previous``), the others
        asked; None when ``before`` is not one answer per instruction of ``previous``."""
        old, new = previous.instructions, dockerfile.instructions
        if len(before) != len(old):
            return None
        head, tail = dockerfile.kept_ends(previous)
        return before[:head] + self._asked(dockerfile, new[head : len(new) - tail]) + before[len(old) - tail :]


class KeptTally(_KeptFromLastParse[Counter[T]]):
    """How many top-level instructions of a parse have each ``answer(instruction, text)`` (``of``;
    a shared Counter: do not change it): the last tally, less the answers of the instructions a
    re-parse replaced, plus those of the instructions it read again."""

    __slots__ = ()

    def __init__(self, answer: Callable[[Instruction, str], T]) -> None:
        super().__init__(answer)

    def _fresh(self, dockerfile: Dockerfile) -> Counter[T]:
        return Counter(self._asked(dockerfile, dockerfile.instructions))

    def _carried(self, previous: Dockerfile, before: Counter[T], dockerfile: Dockerfile) -> Counter[T] | None:
        """Only the instructions between the kept ends of the two parses are asked: those of
        ``previous`` (alive while it is) taken off, those of ``dockerfile`` added. None (a tally
        made afresh) when ``before`` does not count ``previous``'s instructions, as a tally of
        that parse would."""
        old, new = previous.instructions, dockerfile.instructions
        if sum(before.values()) != len(old):
            return None
        head, tail = dockerfile.kept_ends(previous)
        tally = before.copy()
        for gone in self._asked(previous, old[head : len(old) - tail]):
            tally[gone] -= 1
            if tally[gone] < 0:
                return None
        for added in self._asked(dockerfile, new[head : len(new) - tail]):
            tally[added] += 1
        return +tally  # without the answers no instruction has any more


class KeptPicks(_KeptFromLastParse[list[tuple[int, T]]]):
    """The top-level instructions of a parse whose ``answer(instruction, text)`` is not None:
    where each stands and its answer, in order (``of``; a shared list: do not change it). Carried
    like the answers: the picks before a re-parse's edit as they were, those of its moved tail
    shifted, the instructions it read again asked; the last list itself when the re-parse moved
    no instruction and the ones it read again answer as those they replaced did (what is worked
    out of the picks can then be remembered by the list). A question few instructions answer is
    then read from the picks, without a walk of the file at every keystroke."""

    __slots__ = ()

    def __init__(self, answer: Callable[[Instruction, str], T | None]) -> None:
        super().__init__(answer)

    def _fresh(self, dockerfile: Dockerfile) -> list[tuple[int, T]]:
        return self._picked(dockerfile, 0, len(dockerfile.instructions))

    def _picked(self, dockerfile: Dockerfile, start: int, end: int) -> list[tuple[int, T]]:
        """The picks among ``dockerfile.instructions[start:end]``."""
        answers = self._asked(dockerfile, dockerfile.instructions[start:end])
        return [(at, answer) for at, answer in enumerate(answers, start) if answer is not None]

    def _carried(
        self, previous: Dockerfile, before: list[tuple[int, T]], dockerfile: Dockerfile
    ) -> list[tuple[int, T]]:
        head, tail = dockerfile.kept_ends(previous)
        old_end, new_end = len(previous.instructions) - tail, len(dockerfile.instructions) - tail
        shift = new_end - old_end
        first, last = bisect.bisect_left(before, (head,)), bisect.bisect_left(before, (old_end,))
        picked = self._picked(dockerfile, head, new_end)
        if shift == 0:  # typing: the picks after the edit stand where they stood
            return before if picked == before[first:last] else before[:first] + picked + before[last:]
        return before[:first] + picked + [(at + shift, answer) for at, answer in before[last:]]
