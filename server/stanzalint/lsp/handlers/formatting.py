"""Document formatting: keywords in upper case, instructions at column 0, continuation lines indented."""

from __future__ import annotations

from lsprotocol import types

from stanzalint.lsp import compact_json
from stanzalint.lsp.handlers.linted import linted
from stanzalint.lsp.protocol import EncodedResult
from stanzalint.lsp.stanza_server import StanzaServer


async def formatting(ls: StanzaServer, params: types.DocumentFormattingParams) -> EncodedResult | None:
    """The ``TextEdit``s that format the document, as JSON."""
    from stanzalint.lsp.actions import text_edits_json
    from stanzalint.lsp.formatting import format_edits

    here = await linted(ls, params.text_document.uri)
    if here is None:
        return None
    return EncodedResult(compact_json(text_edits_json(here.positions, format_edits(here.result.dockerfile))))
