"""Where a place in a row's earlier text now stands, when the row's instructions were edited.

A row (a stage's instructions) was linted when its instructions had some texts; they now have
others, with the same count. A place inside an instruction whose text is unchanged moves with
it. Inside an edited instruction, a place in the text common to both versions before the edit
keeps its offset in the instruction, one in the common text after it moves by the change of
length, and one in between, both ends included, is ambiguous: nothing says where it went. The
edit may have been anywhere the two texts allow (`` b`` typed after ``echo a `` or after
``echo a``: the text alone does not say, yet the command ``echo a`` now ends after ``b``), so
the common texts are the shortest of the two alignments, the longest beginning first and the
longest end first (``edited_between``). A place outside every instruction is ambiguous as soon
as a text changed.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import fields

from stanzalint.findings import Edit, Fix, Related, Violation
from stanzalint.syntax.incremental import changed_range
from stanzalint.syntax.model import Span


class Layout:
    """A row's instructions as some lint saw them: their starts, first lines and texts."""

    __slots__ = ("starts", "lines", "texts")

    def __init__(self, starts: Sequence[int], lines: Sequence[int], texts: tuple[str, ...]) -> None:
        self.starts = starts
        self.lines = lines
        self.texts = texts


def common_ends(old: str, new: str) -> tuple[int, int]:
    """The lengths of the text ``old`` and ``new`` begin with and end with, not overlapping."""
    changed = changed_range(old, new)
    if changed is None:
        return len(old), 0
    start, old_end, _new_end = changed
    return start, len(old) - old_end


def edited_between(old: str, new: str) -> tuple[int, int]:
    """The lengths of the text ``old`` and ``new`` begin with and end with, wherever the edit
    between them may have been: the smaller of the common beginnings and of the common ends of
    the two alignments (the beginning taken first, the end taken first)."""
    prefix, suffix = common_ends(old, new)
    suffix_first, prefix_after = common_ends(old[::-1], new[::-1])
    return min(prefix, prefix_after), min(suffix, suffix_first)


class Relocation:
    """Maps places of a row as ``old`` laid it out to where they stand in ``new``."""

    def __init__(self, old: Layout, new: Layout) -> None:
        self.old = old
        self.new = new
        self._ends: dict[int, tuple[int, int]] = {}  # an edited instruction's common prefix and suffix

    def position(self, at: int) -> int | None:
        """Where the old offset ``at`` now stands; None when ambiguous."""
        old, new = self.old, self.new
        k = bisect.bisect_right(old.starts, at) - 1
        if k < 0:
            return None
        before, after = old.texts[k], new.texts[k]
        offset = at - old.starts[k]
        if offset > len(before):
            return None  # between instructions
        if before is after or before == after:
            return new.starts[k] + offset
        ends = self._ends.get(k)
        if ends is None:
            ends = self._ends[k] = edited_between(before, after)
        prefix, suffix = ends
        if offset < prefix:
            return new.starts[k] + offset
        if offset > len(before) - suffix:
            return new.starts[k] + offset + len(after) - len(before)
        return None

    def span(self, span: Span) -> Span | None:
        start, end = self.position(span.start), self.position(span.end)
        return None if start is None or end is None else Span(start, end)

    def line(self, line: int) -> int | None:
        """The line now of an instruction that started at ``line``; None for a line no
        instruction of the row started at."""
        k = bisect.bisect_left(self.old.lines, line)
        if k == len(self.old.lines) or self.old.lines[k] != line:
            return None
        return self.new.lines[k]

    def violation(self, v: Violation) -> Violation | None:
        """A copy of ``v`` (placed as ``old`` lays the row out) with every place where it now
        stands; ``v`` itself when every place stands where it stood (a finding before the edit:
        the lints that follow know it by identity); None when one is ambiguous."""
        span = self.span(v.span)
        if span is None:
            return None
        if span.start == v.span.start and span.end == v.span.end and self._stands_as_it_stood(v):
            return v
        moved = copied(v)
        moved.span = span
        if v.fix is not None:
            edits = []
            for e in v.fix.edits:
                at = self.span(e.span)
                if at is None:
                    return None
                edits.append(Edit(at, e.text))
            moved.fix = Fix(v.fix.title, v.fix.applicability, tuple(edits))
        if v.related:
            related = []
            for r in v.related:
                at = self.span(r.span)
                if at is None:
                    return None
                related.append(Related(at, r.message))
            moved.related = tuple(related)
        if v.instruction_line is not None:
            line = self.line(v.instruction_line)
            if line is None:
                return None
            moved.instruction_line = line
        return moved

    def _stands_as_it_stood(self, v: Violation) -> bool:
        """Whether the places of ``v`` but its own span (its fix's edits, its related places) and
        its instruction's line are where they were. Not for a finding the engine has yet to give
        its line and rule name (it sets them in place: on a copy, not on an earlier lint's)."""
        if v.instruction_line is None or not v.name:
            return False
        places = [e.span for e in v.fix.edits] if v.fix is not None else []
        places += [r.span for r in v.related]
        for place in places:
            at = self.span(place)
            if at is None or at.start != place.start or at.end != place.end:
                return False
        return self.line(v.instruction_line) == v.instruction_line


#: the fields of a finding
_FIELDS = tuple(field.name for field in fields(Violation))


def copied(v: Violation) -> Violation:
    """A copy of ``v``, as ``copy.copy`` makes one, its fields (slots) set one by one: neither
    ``__init__``'s call nor the pickling protocol ``copy.copy`` goes through for a class with
    slots (the engine copies the findings an edit moves, hundreds a keystroke in a large file)."""
    copy = _new_object(Violation)
    for name in _FIELDS:
        setattr(copy, name, getattr(v, name))
    return copy


_new_object = object.__new__
