"""Document links: each FROM image to its registry page."""

from __future__ import annotations

from lsprotocol import types

from stanzalint.lsp.handlers.linted import linted
from stanzalint.lsp.stanza_server import StanzaServer


async def document_links(ls: StanzaServer, params: types.DocumentLinkParams) -> list[types.DocumentLink] | None:
    from stanzalint.lsp.links import image_links

    here = await linted(ls, params.text_document.uri)
    if here is None:
        return None
    return [types.DocumentLink(range=here.range(span), target=url) for span, url in image_links(here.result)]
