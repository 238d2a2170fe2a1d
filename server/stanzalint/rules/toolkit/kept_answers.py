"""Answers about each instruction that depend on the instruction alone, carried from one parse
to the next: a keystroke's re-parse keeps the instructions before its edit (the same objects)
and moves those after it (``Dockerfile.moved``), so only the instructions it read again are
asked; the others' answers are the last parse's, and the moved instructions are not read."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

from stanzalint.syntax.model import Dockerfile, Instruction

T = TypeVar("T")


class KeptAnswers(Generic[T]):
    """``answer(instruction, text)`` for each top-level instruction of a parse, in order, ``text``
    being the parse's text. The answer must depend only on the instruction's own words and text,
    not on where it stands. Holds the last parse asked about (weakly) and its answers, and only
    those: one object per question, shared by the threads that lint (a parse's answers are
    carried over only from the parse it was made on, checked by identity, so none is stale)."""

    __slots__ = ("_answer", "_last")

    def __init__(self, answer: Callable[[Instruction, str], T]) -> None:
        self._answer = answer
        self._last: tuple[weakref.ref[Dockerfile], list[T]] | None = None

    def of(self, dockerfile: Dockerfile) -> list[T]:
        """The answer for each of ``dockerfile.instructions``, in order (a shared list: do not
        change it). Only a whole parse's answers are kept: a part of one (``PartialDockerfile``)
        is asked afresh, as its instructions are not the moved tail its parse describes."""
        if type(dockerfile) is not Dockerfile:
            answer, text = self._answer, dockerfile.text
            return [answer(ins, text) for ins in dockerfile.instructions]
        last = self._last
        previous = last[0]() if last is not None else None
        if last is not None and previous is dockerfile:
            return last[1]
        answers = None
        if last is not None and previous is not None:
            answers = self._carried(previous, last[1], dockerfile)
        if answers is None:
            answer, text = self._answer, dockerfile.text
            answers = [answer(ins, text) for ins in dockerfile.instructions]
        self._last = (weakref.ref(dockerfile), answers)
        return answers

    def _carried(self, previous: Dockerfile, before: list[T], dockerfile: Dockerfile) -> list[T] | None:
        """``previous``'s answers for the instructions ``dockerfile`` kept from it (the same
        objects at the start; its moved tail, when it was parsed on ``previous``), the others
        asked; None when ``before`` is not one answer per instruction of ``previous``."""
        old, new = previous.instructions, dockerfile.instructions
        if len(before) != len(old):
            return None
        head, tail = dockerfile.kept_ends(previous)
        answer, text = self._answer, dockerfile.text
        asked = [answer(ins, text) for ins in new[head : len(new) - tail]]
        return before[:head] + asked + before[len(old) - tail :]
