"""Navigation between a variable's or a stage's definitions and uses: go to definition,
references, highlights and rename."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from stanzalint.findings import Edit
from stanzalint.lsp import compact_json
from stanzalint.lsp.handlers.linted import Linted, linted
from stanzalint.lsp.protocol import EncodedResult
from stanzalint.lsp.stanza_server import StanzaServer

if TYPE_CHECKING:
    from stanzalint.lsp.navigation import Symbol


async def symbol_here(ls: StanzaServer, uri: str, position: types.Position) -> tuple[Linted | None, int, Symbol | None]:
    """(the document, the offset of ``position``, the symbol there or None)."""
    from stanzalint.lsp import navigation

    here = await linted(ls, uri)
    if here is None:
        return None, 0, None
    offset = here.offset(position)
    return here, offset, navigation.symbol_at(here.result, offset)


async def definition(ls: StanzaServer, params: types.DefinitionParams) -> list[types.Location] | None:
    here, _, sym = await symbol_here(ls, params.text_document.uri, params.position)
    if here is None or sym is None or not sym.definitions:
        return None
    return [types.Location(params.text_document.uri, here.range(s)) for s in sym.definitions]


async def references(ls: StanzaServer, params: types.ReferenceParams) -> list[types.Location] | None:
    here, _, sym = await symbol_here(ls, params.text_document.uri, params.position)
    if here is None or sym is None:
        return None
    spans = sym.all_spans if params.context.include_declaration else sorted(sym.uses, key=lambda s: s.start)
    return [types.Location(params.text_document.uri, here.range(s)) for s in spans]


async def highlight(ls: StanzaServer, params: types.DocumentHighlightParams) -> list[types.DocumentHighlight] | None:
    here, _, sym = await symbol_here(ls, params.text_document.uri, params.position)
    if here is None or sym is None:
        return None
    defs = set(sym.definitions)
    return [
        types.DocumentHighlight(
            here.range(s), types.DocumentHighlightKind.Write if s in defs else types.DocumentHighlightKind.Read
        )
        for s in sym.all_spans
    ]


async def prepare_rename(ls: StanzaServer, params: types.PrepareRenameParams) -> types.PrepareRenamePlaceholder | None:
    from stanzalint.lsp import navigation

    here, offset, sym = await symbol_here(ls, params.text_document.uri, params.position)
    if here is None or sym is None or not sym.definitions:
        return None
    span = navigation.span_at(sym, offset)
    if span is None:
        return None
    return types.PrepareRenamePlaceholder(range=here.range(span), placeholder=sym.name)


async def rename(ls: StanzaServer, params: types.RenameParams) -> EncodedResult | None:
    from stanzalint.lsp import actions as actions_mod
    from stanzalint.lsp import navigation

    here, _, sym = await symbol_here(ls, params.text_document.uri, params.position)
    if here is None or sym is None or not sym.definitions:
        return None
    if not navigation.valid_new_name(sym, params.new_name):
        raise JsonRpcInvalidParams(f"{params.new_name!r} is not a valid {sym.kind} name")
    edits = [Edit(s, params.new_name) for s in sym.all_spans]
    return EncodedResult(compact_json(actions_mod.edit_json(here.doc.uri, here.doc.version, here.positions, edits)))
