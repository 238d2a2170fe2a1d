"""The document's outline (stages and their instructions) and its folding ranges."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from stanzalint.lsp.handlers.linted import Linted, linted
from stanzalint.lsp.stanza_server import StanzaServer

if TYPE_CHECKING:
    from stanzalint.lsp.outline import OutlineNode

SYMBOL_KINDS = {
    "ARG": types.SymbolKind.Variable,
    "ENV": types.SymbolKind.Variable,
    "RUN": types.SymbolKind.Function,
    "CMD": types.SymbolKind.Event,
    "ENTRYPOINT": types.SymbolKind.Event,
    "COPY": types.SymbolKind.File,
    "ADD": types.SymbolKind.File,
    "LABEL": types.SymbolKind.Property,
    "USER": types.SymbolKind.Key,
    "WORKDIR": types.SymbolKind.Namespace,
    "EXPOSE": types.SymbolKind.Constant,
}


async def document_symbols(ls: StanzaServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol] | None:
    from stanzalint.lsp import outline

    here = await linted(ls, params.text_document.uri)
    if here is None:
        return None
    return [_symbol(here, n) for n in outline.outline(here.result)]


def _symbol(here: Linted, node: OutlineNode) -> types.DocumentSymbol:
    """An outline node (``outline.OutlineNode``) and its children as a DocumentSymbol."""
    kind = types.SymbolKind.Class if node.kind == "stage" else SYMBOL_KINDS.get(node.name, types.SymbolKind.Field)
    return types.DocumentSymbol(
        name=node.name,
        detail=node.detail or None,
        kind=kind,
        range=here.range(node.span),
        selection_range=here.range(node.selection),
        children=[_symbol(here, c) for c in node.children] or None,
    )


async def folding(ls: StanzaServer, params: types.FoldingRangeParams) -> list[types.FoldingRange] | None:
    from stanzalint.lsp import outline

    here = await linted(ls, params.text_document.uri)
    if here is None:
        return None
    return [
        types.FoldingRange(
            start_line=s,
            end_line=e,
            kind=types.FoldingRangeKind.Comment if k == "comment" else types.FoldingRangeKind.Region,
        )
        for s, e, k in outline.folds(here.result)
    ]
