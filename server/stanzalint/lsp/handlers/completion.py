"""Completion: the candidates of ``stanzalint.lsp.completion`` as LSP items, or context paths in
an ignore file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from stanzalint.lsp import build_context
from stanzalint.lsp.handlers.linted import linted
from stanzalint.lsp.stanza_server import StanzaServer

if TYPE_CHECKING:
    from stanzalint.lsp.completion import Candidate

COMPLETION_OPTIONS = types.CompletionOptions(trigger_characters=["-", "=", "$", "{", " ", "/"])
COMPLETION_KINDS = {
    "keyword": types.CompletionItemKind.Keyword,
    "flag": types.CompletionItemKind.Property,
    "stage": types.CompletionItemKind.Reference,
    "variable": types.CompletionItemKind.Variable,
    "directive": types.CompletionItemKind.Keyword,
    "image": types.CompletionItemKind.Module,
}


async def completion(ls: StanzaServer, params: types.CompletionParams) -> types.CompletionList | None:
    from stanzalint.lsp import completion as completion_mod

    here = await linted(ls, params.text_document.uri)
    if here is None:
        return None
    text, offset = here.doc.text, here.offset(params.position)
    if build_context.is_ignore_document(here.doc.path):
        return build_context.ignore_completion(here.doc.path, completion_mod.typed_on_line(here.result, text, offset))
    items = [_item(ls, c) for c in completion_mod.candidates(here.result, text, offset)]
    return types.CompletionList(is_incomplete=False, items=items)


def _item(ls: StanzaServer, candidate: Candidate) -> types.CompletionItem:
    """A ``completion.Candidate`` as the client can show it: a snippet when it takes snippets,
    documentation in Markdown when it reads Markdown."""
    from stanzalint.lsp.hover import plain as hover_plain

    c = candidate
    kind = COMPLETION_KINDS.get(c.kind, types.CompletionItemKind.Text)
    doc_text = None
    if c.documentation:
        doc_text = (
            types.MarkupContent(kind=types.MarkupKind.Markdown, value=c.documentation)
            if ls.completion_markdown
            else hover_plain(c.documentation)
        )
    if c.snippet and ls.snippets:
        return types.CompletionItem(
            label=c.label,
            kind=kind,
            detail=c.detail or None,
            documentation=doc_text,
            insert_text=c.snippet,
            insert_text_format=types.InsertTextFormat.Snippet,
        )
    return types.CompletionItem(
        label=c.label, kind=kind, detail=c.detail or None, documentation=doc_text, insert_text=c.insert or c.label
    )
