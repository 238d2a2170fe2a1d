"""Hover (a rule's documentation on its diagnostic, an instruction's reference, the files a COPY
source reads) and the ``stanzalint.ruleDocs`` command that gives a rule's documentation."""

from __future__ import annotations

from lsprotocol import types

from stanzalint.lsp import build_context
from stanzalint.lsp.handlers.linted import linted
from stanzalint.lsp.stanza_server import StanzaServer

RULE_DOCS_COMMAND = "stanzalint.ruleDocs"


async def hover(ls: StanzaServer, params: types.HoverParams) -> types.Hover | None:
    from stanzalint.lsp import hover as hover_mod

    here = await linted(ls, params.text_document.uri)
    if here is None:
        return None
    doc, res = here.doc, here.result
    offset = here.offset(params.position)
    answer = hover_mod.hover_at(res, offset, ls.store.config_for(doc))
    answer = build_context.with_source_hover(answer, doc.path, res, offset)
    if answer is None:
        return None
    text, span = answer
    kind = types.MarkupKind.Markdown if ls.markdown else types.MarkupKind.PlainText
    value = text if ls.markdown else hover_mod.plain(text)
    return types.Hover(contents=types.MarkupContent(kind=kind, value=value), range=here.range(span))


def rule_docs(ls: StanzaServer, *args: object) -> str | None:
    """A rule's documentation in Markdown (the command's argument is its code)."""
    from stanzalint.lsp import hover as hover_mod

    code = args[0] if args else None
    if isinstance(code, list):
        code = code[0] if code else None
    if not isinstance(code, str):
        return None
    return hover_mod.rule_markdown(code, ls.store.configs.get(".", ls.global_settings or None))
