"""Applying edits and choosing fixes that fit together."""

from __future__ import annotations

from stanzalint.findings import Edit, Fix, Severity, Violation
from stanzalint.fixes import apply_edits, apply_fixes, choose_fixes
from stanzalint.syntax.model import Span


def v(code, fix):
    return Violation(code=code, span=Span(0, 1), message="m", severity=Severity.WARNING, fix=fix)


def test_apply_edits_in_any_order():
    text = "RUN apt-get install curl\n"
    edits = [Edit(Span(20, 20), "-y "), Edit(Span(12, 12), "-q ")]
    assert apply_edits(text, edits) == "RUN apt-get -q install -y curl\n"


def test_replacement_and_deletion():
    assert apply_edits("abcdef", [Edit(Span(1, 3), "X"), Edit(Span(4, 6), "")]) == "aXd"


def test_unsafe_fixes_need_permission():
    safe = Fix.safe("safe", [Edit(Span(0, 1), "a")])
    unsafe = Fix.unsafe("unsafe", [Edit(Span(2, 3), "c")])
    assert choose_fixes([v("A", safe), v("B", unsafe)], unsafe=False) == [safe]
    assert choose_fixes([v("A", safe), v("B", unsafe)], unsafe=True) == [safe, unsafe]


def test_overlapping_fix_waits_for_next_round():
    first = Fix.safe("first", [Edit(Span(0, 5), "x")])
    second = Fix.safe("second", [Edit(Span(3, 8), "y")])
    insert_at_same_point = Fix.safe("third", [Edit(Span(0, 0), "z")])
    adjacent = Fix.safe("adjacent", [Edit(Span(5, 6), "w")])
    assert choose_fixes([v("A", first), v("B", second), v("C", insert_at_same_point), v("D", adjacent)], False) == [
        first,
        adjacent,
    ]


def test_identical_fixes_apply_once():
    fix = Fix.safe("merge", [Edit(Span(3, 3), "!")])
    text, applied = apply_fixes("abcdef", [v("A", fix), v("B", fix)])
    assert (text, applied) == ("abc!def", 1)
