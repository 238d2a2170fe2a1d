"""Code lenses above the instructions that read the build context or rerun heavy work: listed
cheaply, their titles (what the layer reads, how often history rebuilt it) computed on resolve.
The context itself is read in the background (``stanzalint.lsp.build_context``)."""

from __future__ import annotations

from lsprotocol import types

from stanzalint.lsp import build_context
from stanzalint.lsp.handlers.linted import linted
from stanzalint.lsp.stanza_server import StanzaServer

CODE_LENS_OPTIONS = types.CodeLensOptions(resolve_provider=True)


async def code_lens(ls: StanzaServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    here = await linted(ls, params.text_document.uri)
    if here is None or not here.doc.path:
        return []
    data = {"uri": here.doc.uri}
    return [
        types.CodeLens(range=here.range(ins.line_span), data=dict(data, line=ins.start_line + 1))
        for ins in build_context.lens_instructions(here.result.analysis)
    ]


async def code_lens_resolve(ls: StanzaServer, lens: types.CodeLens) -> types.CodeLens:
    data = lens.data if isinstance(lens.data, dict) else {}
    title = "stanzalint: the build context is being read…"
    here = await linted(ls, data.get("uri", "")) if data.get("uri") else None
    if here is not None and here.doc.path:
        line = data.get("line")
        layer = build_context.layers_of(here.doc, here.result).get(line) if isinstance(line, int) else None
        if layer is not None:
            from stanzalint.context.layers import summary

            title = summary(layer) or "reads nothing from the build context"
    lens.command = types.Command(title=title, command="")
    return lens
