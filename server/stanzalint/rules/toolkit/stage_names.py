"""The names the stages of a file are given (``FROM image AS name``), read off the FROM lines a
keystroke's parse read again: a rule about stage names then looks at the named stages only,
not at every stage of the file at every keystroke, and what it works out of the names is
worked out again only when a keystroke changed them."""

from __future__ import annotations

from typing import Callable, Generic, TypeVar

from stanzalint.analysis.model import Analysis, Stage
from stanzalint.analysis.stages import stage_name_word
from stanzalint.rules.toolkit.kept_answers import KeptPicks
from stanzalint.syntax.model import Instruction

T = TypeVar("T")

#: where each FROM that names its stage stands among the file's instructions, and the name
Names = list[tuple[int, str]]


def _stage_name(ins: Instruction, _text: str) -> str | None:
    """The name a top-level FROM gives the stage it opens, as the analysis reads it (``Stage.name``),
    when it has one (not empty); else None."""
    name = stage_name_word(ins) if ins.keyword == "FROM" else None
    return name.value or None if name is not None else None


#: the FROMs that name their stage, carried from one keystroke's parse to the next
_NAMED: KeptPicks[str] = KeptPicks(_stage_name)


def stage_names(analysis: Analysis) -> Names:
    """Where each FROM that names its stage stands (its index among the file's instructions) and
    the name, in order (a shared list: do not change it); the last list itself after a keystroke
    that changed no stage name and moved no instruction. Every top-level FROM opens a stage."""
    return _NAMED.of(analysis.dockerfile)


class _AnswerForLastNames(Generic[T]):
    """What ``work`` makes of a list of stage names (``stage_names``), remembered for the last
    list asked about (held, so that its id is no other list's): a keystroke that changed no name
    hands over the last list, and so the last answer. One object per question, shared by the
    threads that lint (a miss works the answer out again)."""

    __slots__ = ("_work", "_last")

    def __init__(self, work: Callable[[Names], T]) -> None:
        self._work = work
        self._last: tuple[Names, T] | None = None

    def of(self, names: Names) -> T:
        """``work(names)`` (shared: do not change it)."""
        last = self._last
        if last is not None and last[0] is names:
            return last[1]
        found = self._work(names)
        self._last = (names, found)
        return found


def _in_upper_case(names: Names) -> Names:
    """The names with an upper-case letter (``Builder``)."""
    return [(at, name) for at, name in names if name != name.lower()]


def _duplicates(names: Names) -> list[tuple[int, int]]:
    """For each FROM naming its stage as an earlier one does (names compare case-insensitively),
    where it stands and where that earlier one does."""
    seen: dict[str, int] = {}
    return [(at, first) for at, name in names if (first := seen.setdefault(name.lower(), at)) != at]


_IN_UPPER_CASE: _AnswerForLastNames[Names] = _AnswerForLastNames(_in_upper_case)
_DUPLICATES: _AnswerForLastNames[list[tuple[int, int]]] = _AnswerForLastNames(_duplicates)


def stage_names_in_upper_case(analysis: Analysis) -> Names:
    """``stage_names`` that have an upper-case letter (``Builder``)."""
    return _IN_UPPER_CASE.of(stage_names(analysis))


def duplicate_stage_names(analysis: Analysis) -> list[tuple[int, int]]:
    """For each FROM naming its stage as an earlier FROM does (in any case), where each of the two
    stands among the file's instructions, in order."""
    return _DUPLICATES.of(stage_names(analysis))


def stage_at(analysis: Analysis, at: int) -> Stage:
    """The stage the FROM at index ``at`` of the file's instructions opens."""
    stage = analysis.stage_of(analysis.dockerfile.instructions[at])
    assert stage is not None  # every top-level FROM opens a stage
    return stage
