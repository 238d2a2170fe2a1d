"""Cheap offset maps for ``MappedText``: an assembled string stored as contiguous pieces."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import overload

from .model import MappedText, Span


class PieceOffsets(Sequence[int]):
    """Document offsets of an assembled string, computed from its pieces on demand.

    ``starts[k]`` is where piece k begins in the assembled string and ``docs[k]`` where it
    begins in the document; index ``length`` maps just past the last piece. A view
    (``shift``/``length``) shares the arrays, so slicing a long line costs nothing.
    """

    __slots__ = ("starts", "docs", "shift", "length", "empty_at")

    def __init__(self, starts: list[int], docs: list[int], length: int, shift: int = 0, empty_at: int = 0) -> None:
        self.starts = starts
        self.docs = docs
        self.shift = shift
        self.length = length
        self.empty_at = empty_at

    def __len__(self) -> int:
        return self.length + 1

    def _at(self, index: int) -> int:
        starts = self.starts
        if len(starts) == 1:
            return self.docs[0] + index + self.shift
        if not starts:
            return self.empty_at
        i = index + self.shift
        k = bisect.bisect_right(starts, i) - 1
        if k < 0:
            k = 0
        return self.docs[k] + (i - self.starts[k])

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> list[int]: ...
    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            return [self._at(i) for i in range(*index.indices(self.length + 1))]
        if index < 0:
            index += self.length + 1
        if index < 0 or index > self.length:
            raise IndexError(index)
        return self._at(index)

    def view(self, start: int, end: int) -> PieceOffsets:
        return PieceOffsets(
            self.starts, self.docs, end - start, self.shift + start, self._at(start) if self.starts else self.empty_at
        )


def mapped(pieces: Sequence[tuple[str, int]], empty_at: int) -> MappedText:
    """A MappedText joining ``(text, document start)`` pieces; ``empty_at`` maps an empty one.

    Text of one piece (most instructions: one line) maps through a ``range``, which the cycle
    collector does not track, rather than a ``PieceOffsets`` and its two lists."""
    starts: list[int] = []
    docs: list[int] = []
    pos = 0
    for piece, doc in pieces:
        if piece:
            starts.append(pos)
            docs.append(doc)
            pos += len(piece)
    text = "".join(p for p, _ in pieces)
    if len(starts) <= 1:
        start = docs[0] if docs else empty_at
        return MappedText(text, range(start, start + len(text) + 1))
    return MappedText(text, PieceOffsets(starts, docs, len(text), 0, empty_at))


def span_of(mt: MappedText, start: int, end: int) -> Span:
    """``mt.doc_span(start, end)`` for indices already inside the text, without the clamping."""
    offsets = mt.offsets
    if isinstance(offsets, range):
        base = offsets.start
        return Span(base + start, base + max(start, end))
    if isinstance(offsets, PieceOffsets):
        at = offsets._at
        if end <= start:
            p = at(start)
            return Span(p, p)
        return Span(at(start), at(end - 1) + 1)
    return mt.doc_span(start, end)


def sub(mt: MappedText, start: int, end: int) -> MappedText:
    """``mt.text[start:end]`` with its offsets, sharing the map when it can."""
    offsets = mt.offsets
    if isinstance(offsets, PieceOffsets):
        return MappedText(mt.text[start:end], offsets.view(start, end))
    if isinstance(offsets, range):
        return MappedText(mt.text[start:end], offsets[start : end + 1])
    return mt.slice(start, end)
