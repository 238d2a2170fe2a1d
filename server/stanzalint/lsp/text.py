"""The text of an open document as the client holds it, kept up to date by its changes.

pygls applies incremental changes on lines split by ``str.splitlines``, which breaks at more
characters than LSP does, and puts an insert past the end of the last line before its last
character; the server applies them itself, on LSP lines (see ``positions``). The document keeps
its text's line starts, updated around each change instead of found again by reading the whole
text; the last change's are worked out only when the next change needs them (``Edit``), and not
at all when the lint of the text has its parse's by then. What the changes replaced is kept
too (``TextChange``), so the re-parse need not compare the texts to find it.
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
    Its line starts are worked out from it when asked (``line_starts``). ``change``: what the
    changes of the whole notification, this one the last, changed (None when one replaced the
    whole text)."""

    before: list[int] | None
    start: int = 0
    end: int = 0
    inserted: int = 0
    change: TextChange | None = None

    def line_starts(self, text: str) -> list[int]:
        """The LSP line starts of ``text``, the text this edit made."""
        if self.before is None:
            return line_starts(text)
        return edited_line_starts(self.before, text, self.start, self.end, self.inserted)


class TextChange(NamedTuple):
    """``before[start:old_end]`` became ``after[start:new_end]``, the rest of the texts being
    equal: the range of an edit known without comparing the texts (``changed_range``'s
    ``within``), valid for these two text objects only."""

    before: str
    after: str
    start: int
    old_end: int
    new_end: int

    def then(self, later: TextChange) -> TextChange:
        """What changed from ``before`` to ``later.after``, ``later`` being a change of this
        change's ``after``: the range covering both."""
        start = min(self.start, later.start)
        end = max(self.new_end, later.old_end)  # in this change's ``after``: both edits lie before it
        old_end = end - (self.new_end - self.old_end)
        new_end = end + (later.new_end - later.old_end)
        return TextChange(self.before, later.after, start, old_end, new_end)

    @property
    def edit(self) -> tuple[int, int, int]:
        """(start, old_end, new_end), as ``changed_range`` takes it."""
        return self.start, self.old_end, self.new_end


def _edited(
    text: str, change: TextDocumentContentChangeEvent, encoding: str, starts: list[int] | None
) -> tuple[str, Edit]:
    """``text`` after one ``TextDocumentContentChangeEvent`` (the whole new text, or the text of
    its range replaced: positions clamp into the document, a reversed range is read in order),
    and the ``Edit`` that made it (``starts``: the line starts of ``text``, found in it when None
    and the change needs them)."""
    range_: Range | None = getattr(change, "range", None)
    if range_ is None:
        return change.text, Edit(None)
    positions = PositionMap.for_text(text, encoding, starts)
    start = positions.offset(range_.start.line, range_.start.character)
    end = positions.offset(range_.end.line, range_.end.character)
    start, end = min(start, end), max(start, end)
    edited = text[:start] + change.text + text[end:]
    inserted = len(change.text)
    return edited, Edit(
        positions.line_starts, start, end, inserted, TextChange(text, edited, start, end, start + inserted)
    )


def edit_text(
    text: str, changes: Iterable[TextDocumentContentChangeEvent], encoding: str, starts: list[int] | None = None
) -> tuple[str, Edit | None]:
    """``text`` after the changes of one ``didChange``, applied in order, and the ``Edit`` of the
    last one (None without changes): its line starts are left for when they are needed, its
    ``change`` covers them all."""
    edit: Edit | None = None
    for change in changes:
        if edit is not None:
            starts = edit.line_starts(text)
        before = edit
        text, edit = _edited(text, change, encoding, starts)
        if before is not None and edit.change is not None:
            covered = None if before.change is None else before.change.then(edit.change)
            edit = edit._replace(change=covered)
    return text, edit
