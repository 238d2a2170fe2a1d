"""What a rule works out about each instruction of a stage, carried from an earlier parse to a
re-parse made on it: a keystroke's re-parse keeps the instructions before its edit and moves
those after it, so only the instructions it read again are asked. A stage rule that keys what it
found on its stage's instructions (their texts, a RUN's commands), or that has nothing to say
about a stage without a certain instruction, then costs, after a keystroke, the edit and a
splice of the edited stage's parts, not a walk of the stage.

Unlike ``kept_answers``, the parts are carried through the parses in between (a keystroke
that brings back a text the findings memo knows lints without the rule), while they live; a
RUN's part may depend on the SHELL in effect and the escape character: the parts are carried
only when the edits read no FROM or SHELL again, lie below the first FROM (a global ARG may
name the stage a FROM builds on, whose SHELL the stage starts with) and left the escape
character as it was. A stage is asked only when a rule first wants its parts."""

from __future__ import annotations

import bisect
import weakref
from collections.abc import Callable, Sequence
from itertools import chain
from typing import Generic, TypeVar

from stanzalint.analysis.model import Analysis, Stage
from stanzalint.analysis.stages import stage_starts
from stanzalint.syntax.model import Dockerfile, Instruction

T = TypeVar("T")

#: keywords whose instructions decide which stage a RUN is in and the SHELL it runs under
_SETTING_KEYWORDS = frozenset({"FROM", "SHELL"})
#: how many re-parses back a carry looks for the parse the parts were made of
_MOST_STEPS = 4


class StageParts(Generic[T]):
    """The parts of a stage's instructions (FROM and ONBUILD included), in order (``parts``),
    and their ``weight``, the sum of each one's."""

    __slots__ = ("weight", "parts")

    def __init__(self, weight: int, parts: tuple[T, ...]) -> None:
        self.weight = weight
        self.parts = parts

    def spliced(
        self, at: int, removed: int, added: StageParts[T], weigh: Callable[[T], int] | None
    ) -> StageParts[T] | None:
        """These parts with the ``removed`` instructions from ``at`` replaced by ``added``'s
        (None when there are not that many)."""
        end = at + removed
        if end > len(self.parts):
            return None
        weight = self.weight - sum(map(weigh, self.parts[at:end])) + added.weight if weigh is not None else 0
        return StageParts(weight, self.parts[:at] + added.parts + self.parts[end:])


class KeptStageParts(Generic[T]):
    """The ``StageParts`` of each stage a rule asks about, ``part(analysis, instruction)`` giving
    an instruction's (it must depend only on the instruction's text and, for a RUN, its commands:
    the SHELL in effect and the escape character) and ``weigh(part)`` its weight (0 without it).
    Those of the last parse asked about are kept (weakly: while it lives), with that parse; a
    re-parse made on it takes them over (``_carried``). One object shared by the threads that
    lint: the parts are carried from the parse they were made of, checked by identity, so none
    is stale."""

    __slots__ = ("_part", "_weigh", "_last")

    def __init__(self, part: Callable[[Analysis, Instruction], T], weigh: Callable[[T], int] | None = None) -> None:
        self._part = part
        self._weigh = weigh
        self._last: tuple[weakref.ref[Dockerfile], dict[int, StageParts[T]]] | None = None

    def of(self, analysis: Analysis, stage: Stage) -> StageParts[T]:
        """The parts of ``stage``, a stage of ``analysis``."""
        whole = analysis.whole
        kept = self._kept(whole)
        found = kept.get(stage.index)
        if found is None or len(found.parts) != len(stage.instructions):
            found = kept[stage.index] = self.asked(whole, stage.instructions)
        return found

    def asked(self, analysis: Analysis, instructions: Sequence[Instruction]) -> StageParts[T]:
        """The parts of ``instructions``, each asked."""
        part = self._part
        parts = tuple(part(analysis, ins) for ins in instructions)
        return StageParts(sum(map(self._weigh, parts)) if self._weigh is not None else 0, parts)

    def _kept(self, analysis: Analysis) -> dict[int, StageParts[T]]:
        """The parts kept for the stages of ``analysis``'s parse, by stage index: those of the
        last parse asked about when it is this one, else carried from it, else none."""
        dockerfile = analysis.dockerfile
        if type(dockerfile) is not Dockerfile:
            return {}
        last = self._last
        earlier = last[0]() if last is not None else None
        if last is not None and earlier is dockerfile:
            return last[1]
        kept = None
        if last is not None and earlier is not None:
            kept = self._carried(analysis, earlier, last[1])
        if kept is None:
            kept = {}
        self._last = (weakref.ref(dockerfile), kept)
        return kept

    def _carried(
        self, analysis: Analysis, earlier: Dockerfile, before: dict[int, StageParts[T]]
    ) -> dict[int, StageParts[T]] | None:
        """``before``, the parts of stages of ``earlier``, brought to ``analysis``'s parse: the
        edited stage's spliced with the instructions read again, the others as they were. None
        (nothing kept) when the parse was not made on ``earlier`` through a few re-parses that
        live, when the instructions read again (in either) hold a FROM or SHELL or stand above
        the first FROM, or when the escape character changed."""
        dockerfile = analysis.dockerfile
        ends = kept_ends_since(dockerfile, earlier)
        if ends is None or dockerfile.escape != earlier.escape:
            return None
        head, tail = ends
        old, new = earlier.instructions, dockerfile.instructions
        removed, edited = old[head : len(old) - tail], new[head : len(new) - tail]
        if any(ins.keyword in _SETTING_KEYWORDS for ins in chain(removed, edited)):
            return None
        kept = dict(before)
        # the FROMs before the edit are the same in both: the stage it is in, and where it starts
        froms = stage_starts(earlier if removed else dockerfile)
        stage = bisect.bisect_right(froms, head) - 1
        if stage < 0:
            return None  # a global ARG may name the stage a FROM builds on, and so the SHELL it starts with
        if stage not in kept:
            return kept  # in a stage not asked about
        spliced = kept[stage].spliced(head - froms[stage], len(removed), self.asked(analysis, edited), self._weigh)
        if spliced is None:
            del kept[stage]
        else:
            kept[stage] = spliced
        return kept


def kept_ends_since(dockerfile: Dockerfile, earlier: Dockerfile) -> tuple[int, int] | None:
    """How many instructions at the start of ``dockerfile`` are ``earlier``'s and how many at
    the end are ``earlier``'s moved, when it was re-parsed from ``earlier`` through at most
    ``_MOST_STEPS`` re-parses that still live (``Dockerfile.kept_ends`` of each, joined);
    None otherwise."""
    head = tail = len(dockerfile.instructions)
    at = dockerfile
    for _ in range(_MOST_STEPS):
        origin = at.moved.origin() if at.moved is not None else None
        if origin is None:
            return None
        kept_head, kept_tail = at.kept_ends(origin)
        head, tail = min(head, kept_head), min(tail, kept_tail)
        if origin is earlier:
            return head, tail
        at = origin
    return None
