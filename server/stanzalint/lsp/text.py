"""The text of an open document as the client holds it, kept up to date by its changes.

pygls applies incremental changes on lines split by ``str.splitlines``, which breaks at more
characters than LSP does, and puts an insert past the end of the last line before its last
character; the server applies them itself, on LSP lines (see ``positions``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from stanzalint.lsp.positions import PositionMap

if TYPE_CHECKING:
    from lsprotocol.types import Range, TextDocumentContentChangeEvent


def apply_change(text: str, change: TextDocumentContentChangeEvent, encoding: str) -> str:
    """``text`` after one ``TextDocumentContentChangeEvent``: the whole new text, or the text
    of its range replaced (positions clamp into the document; a reversed range is read in
    order)."""
    range_: Range | None = getattr(change, "range", None)
    if range_ is None:
        return change.text
    positions = PositionMap.for_text(text, encoding)
    start = positions.offset(range_.start.line, range_.start.character)
    end = positions.offset(range_.end.line, range_.end.character)
    start, end = min(start, end), max(start, end)
    return text[:start] + change.text + text[end:]


def apply_changes(text: str, changes: Iterable[TextDocumentContentChangeEvent], encoding: str) -> str:
    """``text`` after the changes of one ``didChange``, applied in order."""
    for change in changes:
        text = apply_change(text, change, encoding)
    return text
