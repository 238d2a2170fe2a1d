"""The server's LSP handlers, one module per feature area, and the one table that registers
them. Each handler is a plain function taking the server and the message's parameters, as
pygls calls it, so it can be imported and called alone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from lsprotocol import types

from stanzalint.lsp import APPLY_EDIT_COMMAND
from stanzalint.lsp.handlers import (
    actions,
    code_lens,
    completion,
    documents,
    formatting,
    hover,
    lifecycle,
    links,
    navigation,
    symbols,
)

if TYPE_CHECKING:
    from pygls.lsp.server import LanguageServer

#: the handler of each LSP method
FEATURES: dict[str, Callable[..., Any]] = {
    types.INITIALIZE: lifecycle.initialize,
    types.INITIALIZED: lifecycle.initialized,
    types.SHUTDOWN: lifecycle.shutdown,
    types.WORKSPACE_DID_CHANGE_CONFIGURATION: lifecycle.did_change_configuration,
    types.WORKSPACE_DID_CHANGE_WATCHED_FILES: lifecycle.did_change_watched_files,
    types.TEXT_DOCUMENT_DID_OPEN: documents.did_open,
    types.TEXT_DOCUMENT_DID_CHANGE: documents.did_change,
    types.TEXT_DOCUMENT_DID_SAVE: documents.did_save,
    types.TEXT_DOCUMENT_DID_CLOSE: documents.did_close,
    types.TEXT_DOCUMENT_DIAGNOSTIC: documents.pull_diagnostics,
    types.TEXT_DOCUMENT_HOVER: hover.hover,
    types.TEXT_DOCUMENT_CODE_ACTION: actions.code_action,
    types.TEXT_DOCUMENT_DOCUMENT_SYMBOL: symbols.document_symbols,
    types.TEXT_DOCUMENT_FOLDING_RANGE: symbols.folding,
    types.TEXT_DOCUMENT_DEFINITION: navigation.definition,
    types.TEXT_DOCUMENT_REFERENCES: navigation.references,
    types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT: navigation.highlight,
    types.TEXT_DOCUMENT_PREPARE_RENAME: navigation.prepare_rename,
    types.TEXT_DOCUMENT_RENAME: navigation.rename,
    types.TEXT_DOCUMENT_COMPLETION: completion.completion,
    types.TEXT_DOCUMENT_FORMATTING: formatting.formatting,
    types.TEXT_DOCUMENT_DOCUMENT_LINK: links.document_links,
    types.TEXT_DOCUMENT_CODE_LENS: code_lens.code_lens,
    types.CODE_LENS_RESOLVE: code_lens.code_lens_resolve,
}

#: the options the server announces for a method, where it has any
OPTIONS: dict[str, object] = {
    types.TEXT_DOCUMENT_DIAGNOSTIC: documents.DIAGNOSTIC_OPTIONS,
    types.TEXT_DOCUMENT_CODE_ACTION: actions.CODE_ACTION_OPTIONS,
    types.TEXT_DOCUMENT_COMPLETION: completion.COMPLETION_OPTIONS,
    types.TEXT_DOCUMENT_CODE_LENS: code_lens.CODE_LENS_OPTIONS,
}

#: the handler of each ``workspace/executeCommand`` command
COMMANDS: dict[str, Callable[..., Any]] = {
    APPLY_EDIT_COMMAND: actions.apply_edit,
    hover.RULE_DOCS_COMMAND: hover.rule_docs,
}


def register(server: LanguageServer) -> None:
    """Register every handler and command on ``server`` (a pygls ``LanguageServer``)."""
    for method, handler in FEATURES.items():
        server.feature(method, OPTIONS.get(method))(handler)
    for name, handler in COMMANDS.items():
        server.command(name)(handler)
