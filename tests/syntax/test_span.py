"""``Span``: a range of document offsets."""

from stanzalint.syntax.span import Span


def test_a_moved_span_keeps_its_length_and_compares_by_value():
    assert Span(4, 9).moved(3) == Span(7, 12)
    assert Span(4, 9).moved(-4) == Span(0, 5)
    assert Span(4, 4).moved(2) == Span(6, 6)
