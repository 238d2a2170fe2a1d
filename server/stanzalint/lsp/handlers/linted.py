"""What a request handler starts from: the open document, the lint result of its current text
(made once its settings are read) and the client's coordinates for both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lsprotocol import types

from stanzalint.lsp.positions import PositionMap
from stanzalint.lsp.ranges import lsp_range
from stanzalint.lsp.stanza_server import StanzaServer

if TYPE_CHECKING:  # pragma: no cover
    from stanzalint.engine import LintResult
    from stanzalint.lsp.documents import Document
    from stanzalint.syntax.model import Span


@dataclass
class Linted:
    """An open document and the lint result of its current text."""

    doc: Document
    result: LintResult
    positions: PositionMap

    def offset(self, position: types.Position) -> int:
        """The document offset of a client position."""
        return self.positions.offset(position.line, position.character)

    def range(self, span: Span) -> types.Range:
        """The client range of a document span."""
        return lsp_range(self.positions, span)


async def linted(ls: StanzaServer, uri: str) -> Linted | None:
    """The document at ``uri`` with the lint result of its current text, or None when it is not
    open. Waits for the document's settings while they are being read; a rule that failed is
    reported to the client once."""
    doc = ls.document(uri)
    if doc is None:
        return None
    await ls.settings_ready(doc)
    res = await ls.store.result(doc)
    ls.note_failures(res)
    return Linted(doc, res, ls.positions(res))
