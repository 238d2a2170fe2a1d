"""Document sync (open, change, save, close) and pulled diagnostics. Pushed diagnostics go out
through the server's ``Publisher`` after each lint."""

from __future__ import annotations

import asyncio
from typing import Union

from lsprotocol import types

from stanzalint.lsp import SOURCE, build_context
from stanzalint.lsp.handlers.linted import linted
from stanzalint.lsp.protocol import EncodedResult
from stanzalint.lsp.stanza_server import StanzaServer
from stanzalint.lsp.text import edit_text

DIAGNOSTIC_OPTIONS = types.DiagnosticOptions(
    identifier=SOURCE, inter_file_dependencies=False, workspace_diagnostics=False
)
DocumentDiagnosticReport = Union[
    types.RelatedFullDocumentDiagnosticReport, types.RelatedUnchangedDocumentDiagnosticReport
]


async def did_open(ls: StanzaServer, params: types.DidOpenTextDocumentParams) -> None:
    """File the document, read its settings, then lint and publish it."""
    item = params.text_document
    build_context.attach(ls)
    doc = ls.store.open(item.uri, item.text, item.version)
    doc.settings_task = asyncio.ensure_future(ls.refresh_settings(doc))
    await doc.settings_task
    if ls.store.docs.get(item.uri) is doc:
        ls.publisher.schedule(doc)


def did_change(ls: StanzaServer, params: types.DidChangeTextDocumentParams) -> None:
    doc = ls.document(params.text_document.uri)
    if doc is None:
        return
    text, edit = edit_text(doc.text, params.content_changes, ls.encoding, ls.store.line_starts(doc))
    ls.store.set_text(doc, text, params.text_document.version, edit)
    ls.publisher.schedule(doc)


def did_save(ls: StanzaServer, params: types.DidSaveTextDocumentParams) -> None:
    """Publish again, and run trivy on the saved text when it is enabled."""
    doc = ls.document(params.text_document.uri)
    if doc is not None:
        ls.publisher.schedule(doc, force=True)
        if ls.trivy_enabled(doc):
            asyncio.ensure_future(ls.publisher.trivy_then_publish(doc))


def did_close(ls: StanzaServer, params: types.DidCloseTextDocumentParams) -> None:
    """Forget the document and, when diagnostics are pushed, clear them."""
    doc = ls.store.close(params.text_document.uri)
    if not ls.pull_mode:
        uri = doc.uri if doc is not None else params.text_document.uri  # where its diagnostics went
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


async def pull_diagnostics(
    ls: StanzaServer, params: types.DocumentDiagnosticParams
) -> DocumentDiagnosticReport | EncodedResult:
    """The document's diagnostics (a full report already in JSON, encoded as a push would be),
    or "unchanged" when the client has them already."""
    here = await linted(ls, params.text_document.uri)
    if here is None:
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    doc, res = here.doc, here.result
    result_id = f"{doc.revision}.{ls.store.generation}.{doc.result_serial}"
    if doc.result is not None and doc.result[1] is res:
        ls.publisher.finish_shellcheck(doc, doc.result[0], res)
    if params.previous_result_id == result_id:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
    return ls.publisher.report(doc, res, result_id)
