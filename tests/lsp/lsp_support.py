"""Helpers for end-to-end tests of ``stanzalint serve`` with pytest-lsp (imported by the tests
and by this folder's conftest, which exposes the default ``client`` fixture)."""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp import client as client_module

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = [sys.executable, "-m", "stanzalint", "serve"]
#: the server with test-only rules (one fails, one has a safe fix) and a hover that can fail
PLUGIN_SERVER = [sys.executable, os.path.join(HERE, "plugin_server.py")]


def _record_publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    published = getattr(client, "published", None)
    if published is None:
        published = client.published = []  # type: ignore[attr-defined]
    published.append(params)


def _register_capability(client: LanguageClient, params: types.RegistrationParams) -> None:
    registrations = getattr(client, "registrations", None)
    if registrations is None:
        registrations = client.registrations = []  # type: ignore[attr-defined]
    registrations.extend(params.registrations)


def _apply_edit(client: LanguageClient, params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
    applied = getattr(client, "applied_edits", None)
    if applied is None:
        applied = client.applied_edits = []  # type: ignore[attr-defined]
    applied.append(params.edit)
    return types.ApplyWorkspaceEditResult(applied=True)


client_module.DEFAULT_CLIENT_FEATURES[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _record_publish
client_module.DEFAULT_CLIENT_FEATURES[types.CLIENT_REGISTER_CAPABILITY] = _register_capability
client_module.DEFAULT_CLIENT_FEATURES[types.WORKSPACE_APPLY_EDIT] = _apply_edit


def capabilities(
    *,
    pull: bool = False,
    markdown: bool = True,
    snippets: bool = True,
    literals: bool = True,
    encodings: list[str] | None = None,
    watched: bool = True,
    configuration: bool = True,
) -> types.ClientCapabilities:
    code_action = types.CodeActionClientCapabilities(
        code_action_literal_support=types.ClientCodeActionLiteralOptions(
            code_action_kind=types.ClientCodeActionKindOptions(value_set=["quickfix", "refactor", "source"])
        )
        if literals
        else None
    )
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        workspace=types.WorkspaceClientCapabilities(
            configuration=configuration,
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)
            if watched
            else None,
            apply_edit=True,
            workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
            diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True) if pull else None,
        ),
        text_document=types.TextDocumentClientCapabilities(
            synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
            hover=types.HoverClientCapabilities(
                content_format=[types.MarkupKind.Markdown, types.MarkupKind.PlainText]
                if markdown
                else [types.MarkupKind.PlainText]
            ),
            completion=types.CompletionClientCapabilities(
                completion_item=types.ClientCompletionItemOptions(snippet_support=snippets)
            ),
            code_action=code_action,
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                related_information=True,
                version_support=True,
                tag_support=types.ClientDiagnosticsTagOptions(
                    value_set=[types.DiagnosticTag.Unnecessary, types.DiagnosticTag.Deprecated]
                ),
                code_description_support=True,
                data_support=True,
            ),
            diagnostic=types.DiagnosticClientCapabilities() if pull else None,
            rename=types.RenameClientCapabilities(prepare_support=True),
            document_symbol=types.DocumentSymbolClientCapabilities(hierarchical_document_symbol_support=True),
            folding_range=types.FoldingRangeClientCapabilities(),
            document_link=types.DocumentLinkClientCapabilities(),
            definition=types.DefinitionClientCapabilities(),
            references=types.ReferenceClientCapabilities(),
            document_highlight=types.DocumentHighlightClientCapabilities(),
            formatting=types.DocumentFormattingClientCapabilities(),
        ),
        window=types.WindowClientCapabilities(show_message=types.ShowMessageRequestClientCapabilities()),
    )


def uri_of(path: str) -> str:
    return "file://" + os.path.abspath(path)


def open_doc(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="dockerfile", version=version, text=text)
        )
    )


def change_doc(client: LanguageClient, uri: str, version: int, text: str, range_: types.Range | None = None) -> None:
    if range_ is None:
        change: Any = types.TextDocumentContentChangeWholeDocument(text=text)
    else:
        change = types.TextDocumentContentChangePartial(range=range_, text=text)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[change]
        )
    )


async def diagnostics_for(
    client: LanguageClient, uri: str, version: int | None = None, timeout: float = 30.0, after: int = 0
) -> types.PublishDiagnosticsParams:
    """The first publishDiagnostics for ``uri`` (and ``version``) among those received after
    the first ``after`` notifications."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        for params in getattr(client, "published", [])[after:]:
            if params.uri == uri and (version is None or params.version == version):
                return params
        if loop.time() > deadline:
            raise AssertionError(f"no diagnostics for {uri} version {version}")
        await asyncio.sleep(0.01)


def published_count(client: LanguageClient) -> int:
    return len(getattr(client, "published", []))


#: editor settings the tests run with: only rules whose behaviour the tests rely on
SETTINGS = {"select": ["DL3006", "DL4000", "SZ998", "SZ999"]}


def make_fixture(server_command: list[str] = SERVER, settings: dict | None = None, **caps: Any):
    @pytest_lsp.fixture(config=ClientServerConfig(server_command=server_command))
    async def fixture(lsp_client: LanguageClient):
        lsp_client.set_configuration(dict(SETTINGS if settings is None else settings), section="stanzalint")
        lsp_client.init_result = await lsp_client.initialize_session(  # type: ignore[attr-defined]
            types.InitializeParams(
                capabilities=capabilities(**caps),
                process_id=os.getpid(),
                workspace_folders=[types.WorkspaceFolder(uri=uri_of(HERE), name="tests")],
            )
        )
        yield
        await lsp_client.shutdown_session()

    return fixture
