"""The text of an open document as the client holds it, kept up to date by its changes.

pygls applies incremental changes on lines split by ``str.splitlines``, which breaks at more
characters than LSP does, and puts an insert past the end of the last line before its last
character; the server applies them itself, on LSP lines (see ``positions``). The document keeps
its text's line starts, updated around each change instead of found again by reading the whole
text; the last change's are worked out only when the next change needs them (``Edit``), and not
at all when the lint of the text has its parse's by then.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from stanzalint.lsp.positions import PositionMap, edited_line_starts, line_starts

if TYPE_CHECKING:
    from lsprotocol.types import Range, TextDocumentContentChangeEvent


class Edit(NamedTuple):
    """How a text was made by a change: ``[start, end)`` of a text whose LSP line starts were
    ``before`` replaced by ``inserted`` characters, or (``before`` None) the whole text replaced.
    Its line starts are worked out from it when asked (``line_starts``)."""

    before: list[int] | None
    start: int = 0
    end: int = 0
    inserted: int = 0

    def line_starts(self, text: str) -> list[int]:
        """The LSP line starts of ``text``, the text this edit made."""
        if self.before is None:
            return line_starts(text)
        return edited_line_starts(self.before, text, self.start, self.end, self.inserted)


def apply_change(
    text: str, change: TextDocumentContentChangeEvent, encoding: str, starts: list[int] | None = None
) -> tuple[str, list[int]]:
    """``text`` after one ``TextDocumentContentChangeEvent`` (the whole new text, or the text of
    its range replaced: positions clamp into the document, a reversed range is read in order),
    and its LSP line starts. ``starts``, the line starts of ``text`` when known, are updated
    around the change rather than found again in the whole text."""
    edited, edit = _edited(text, change, encoding, starts)
    return edited, edit.line_starts(edited)


def _edited(
    text: str, change: TextDocumentContentChangeEvent, encoding: str, starts: list[int] | None
) -> tuple[str, Edit]:
    """``text`` after one change (see ``apply_change``), and the ``Edit`` that made it
    (``starts``: the line starts of ``text``, found in it when None and the change needs them)."""
    range_: Range | None = getattr(change, "range", None)
    if range_ is None:
        return change.text, Edit(None)
    positions = PositionMap.for_text(text, encoding, starts)
    start = positions.offset(range_.start.line, range_.start.character)
    end = positions.offset(range_.end.line, range_.end.character)
    start, end = min(start, end), max(start, end)
    return text[:start] + change.text + text[end:], Edit(positions.line_starts, start, end, len(change.text))


def apply_changes(
    text: str, changes: Iterable[TextDocumentContentChangeEvent], encoding: str, starts: list[int] | None = None
) -> tuple[str, list[int]]:
    """``text`` after the changes of one ``didChange``, applied in order, and its LSP line starts."""
    edited, edit = edit_text(text, changes, encoding, starts)
    if edit is None:
        return text, starts if starts is not None else line_starts(text)
    return edited, edit.line_starts(edited)


def edit_text(
    text: str, changes: Iterable[TextDocumentContentChangeEvent], encoding: str, starts: list[int] | None = None
) -> tuple[str, Edit | None]:
    """``text`` after the changes of one ``didChange``, applied in order, and the ``Edit`` of the
    last one (None without changes): its line starts are left for when they are needed."""
    edit: Edit | None = None
    for change in changes:
        if edit is not None:
            starts = edit.line_starts(text)
        text, edit = _edited(text, change, encoding, starts)
    return text, edit
