"""``Span``: a half-open range of character offsets into the document text, the place of
everything the parser and the analysis find."""

from __future__ import annotations


class Span:
    """Half-open range ``[start, end)`` of character offsets into the document text.

    Hashable and compared by value, so treat it as immutable: nothing assigns to a span's fields
    after it is made. A plain slotted class rather than a frozen dataclass: the parser, the shell
    analysis and the rules make thousands per lint, and this is three times cheaper to create."""

    __slots__ = ("start", "end")

    start: int
    end: int

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end if end >= start else start

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Span:
            return NotImplemented
        return self.start == other.start and self.end == other.end

    def __hash__(self) -> int:
        return hash((self.start, self.end))

    def __repr__(self) -> str:
        return f"Span(start={self.start}, end={self.end})"

    def __reduce__(self) -> tuple[type[Span], tuple[int, int]]:
        return (Span, (self.start, self.end))

    def __contains__(self, offset: object) -> bool:
        return isinstance(offset, int) and self.start <= offset < self.end

    def covers(self, offset: int) -> bool:
        """True when ``offset`` lies inside the span or right at its end (hover at a word's end)."""
        return self.start <= offset <= self.end

    def moved(self, chars: int) -> Span:
        """The same range ``chars`` characters later (earlier when negative): where it stands
        after text is inserted or deleted before it. Made without ``__init__``'s call (its end
        needs no clamping): an edit moves every place after it."""
        span = _new_object(Span)
        span.start, span.end = self.start + chars, self.end + chars
        return span

    def union(self, other: Span) -> Span:
        return Span(min(self.start, other.start), max(self.end, other.end))

    @property
    def length(self) -> int:
        return self.end - self.start


_new_object = object.__new__
