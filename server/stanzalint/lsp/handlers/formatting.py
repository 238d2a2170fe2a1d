"""Document formatting: keywords in upper case, instructions at column 0, continuation lines indented."""

from __future__ import annotations

from lsprotocol import types

from stanzalint.lsp.handlers.linted import linted
from stanzalint.lsp.stanza_server import StanzaServer


async def formatting(ls: StanzaServer, params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
    from stanzalint.lsp.actions import text_edits
    from stanzalint.lsp.formatting import format_edits

    here = await linted(ls, params.text_document.uri)
    if here is None:
        return None
    return text_edits(here.positions, format_edits(here.result.dockerfile))
