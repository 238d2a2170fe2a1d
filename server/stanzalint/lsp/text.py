"""The text of an open document as the client holds it, kept up to date by its changes.

pygls applies incremental changes on lines split by ``str.splitlines``, which breaks at more
characters than LSP does, and puts an insert past the end of the last line before its last
character; the server applies them itself, on LSP lines (see ``positions``). The document keeps
its text's line starts, updated around each change instead of found again by reading the whole
text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from stanzalint.lsp.positions import PositionMap, edited_line_starts, line_starts

if TYPE_CHECKING:
    from lsprotocol.types import Range, TextDocumentContentChangeEvent


def apply_change(
    text: str, change: TextDocumentContentChangeEvent, encoding: str, starts: list[int] | None = None
) -> tuple[str, list[int]]:
    """``text`` after one ``TextDocumentContentChangeEvent`` (the whole new text, or the text of
    its range replaced: positions clamp into the document, a reversed range is read in order),
    and its LSP line starts. ``starts``, the line starts of ``text`` when known, are updated
    around the change rather than found again in the whole text."""
    range_: Range | None = getattr(change, "range", None)
    if range_ is None:
        return change.text, line_starts(change.text)
    positions = PositionMap.for_text(text, encoding, starts)
    start = positions.offset(range_.start.line, range_.start.character)
    end = positions.offset(range_.end.line, range_.end.character)
    start, end = min(start, end), max(start, end)
    edited = text[:start] + change.text + text[end:]
    return edited, edited_line_starts(positions.line_starts, edited, start, end, len(change.text))


def apply_changes(
    text: str, changes: Iterable[TextDocumentContentChangeEvent], encoding: str, starts: list[int] | None = None
) -> tuple[str, list[int]]:
    """``text`` after the changes of one ``didChange``, applied in order, and its LSP line starts."""
    if starts is None:
        starts = line_starts(text)
    for change in changes:
        text, starts = apply_change(text, change, encoding, starts)
    return text, starts
