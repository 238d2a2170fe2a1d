"""Applying fixes to text: non-overlapping edits, applied from the end so offsets stay valid."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from stanzalint.findings import Edit, Fix, Violation


def applicable(fix: Fix | None, unsafe: bool) -> bool:
    return fix is not None and bool(fix.edits) and (fix.is_safe or unsafe)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply edits that do not overlap one another (insertions at one offset keep their order)."""
    ordered = sorted(enumerate(edits), key=lambda pair: (pair[1].span.start, pair[1].span.end, pair[0]))
    pieces: list[str] = []
    cursor = 0
    for _, edit in ordered:
        start = max(cursor, min(edit.span.start, len(text)))
        end = max(start, min(edit.span.end, len(text)))
        pieces.append(text[cursor:start])
        pieces.append(edit.text)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two edit ranges conflict when they overlap, or touch at a point where one of them inserts
    (the order of the two texts there would be a guess)."""
    (s1, e1), (s2, e2) = a, b
    if s1 < e2 and s2 < e1:
        return True
    if e1 == s2 or e2 == s1 or s1 == s2:
        return s1 == e1 or s2 == e2
    return False


def choose_fixes(violations: Sequence[Violation], unsafe: bool) -> list[Fix]:
    """The fixes to apply in one round: first come (by position), first served; a fix whose edits
    touch another chosen fix's edits waits for the next round."""
    taken: list[tuple[int, int]] = []
    chosen: list[Fix] = []
    seen = set()
    for v in violations:
        fix = v.fix
        if not applicable(fix, unsafe):
            continue
        key = tuple((e.span.start, e.span.end, e.text) for e in fix.edits)
        if key in seen:
            continue
        ranges = [(e.span.start, e.span.end) for e in fix.edits]
        if any(_overlaps(r, t) for r in ranges for t in taken):
            continue
        seen.add(key)
        taken.extend(ranges)
        chosen.append(fix)
    return chosen


def apply_fixes(text: str, violations: Sequence[Violation], unsafe: bool = False) -> tuple[str, int]:
    """Apply as many of the violations' fixes as fit together; returns (new text, fixes applied)."""
    fixes = choose_fixes(violations, unsafe)
    edits = [edit for fix in fixes for edit in fix.edits]
    return apply_edits(text, edits), len(fixes)
