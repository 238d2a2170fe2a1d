"""``Span``: a range of document offsets."""

from stanzalint.syntax.span import Span


def test_a_moved_span_keeps_its_length_and_compares_by_value():
    assert Span(4, 9).moved(3) == Span(7, 12)
    assert Span(4, 9).moved(-4) == Span(0, 5)
    assert Span(4, 4).moved(2) == Span(6, 6)


def test_a_moved_span_is_a_whole_span():
    moved = Span(4, 9).moved(3)
    assert type(moved) is Span and hash(moved) == hash(Span(7, 12)) and repr(moved) == "Span(start=7, end=12)"
    assert moved.length == 5 and 8 in moved and {moved: 1}[Span(7, 12)] == 1
