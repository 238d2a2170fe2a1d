"""The server's life and its settings: initialize (what the client supports, the settings it
sends), initialized (file watchers), shutdown, and the notifications that change settings or
configuration files."""

from __future__ import annotations

import logging
from typing import Any

from lsprotocol import types

from stanzalint.config import may_change_discovery
from stanzalint.lsp import build_context
from stanzalint.lsp.documents import uri_to_path
from stanzalint.lsp.stanza_server import StanzaServer, running_loop

log = logging.getLogger("stanzalint.lsp")

#: the files whose change makes every open document be linted again: the configuration files, and the
#: ignore files BuildKit reads (``.dockerignore``, and ``<Dockerfile name>.dockerignore`` beside a Dockerfile)
CONFIG_GLOBS = (
    "**/.hadolint.yaml",
    "**/.hadolint.yml",
    "**/pyproject.toml",
    "**/.stanzalint.toml",
    "**/.dockerignore",
    "**/*.dockerignore",
)


def initialize(ls: StanzaServer, params: types.InitializeParams) -> None:
    """Note the event loop, what the client supports and the settings it sends with
    ``initializationOptions``."""
    ls.loop = running_loop()
    caps = params.capabilities
    formats = _cap(caps, "text_document", "hover", "content_format")
    ls.markdown = formats is None or types.MarkupKind.Markdown in formats
    ls.snippets = bool(_cap(caps, "text_document", "completion", "completion_item", "snippet_support"))
    doc_formats = _cap(caps, "text_document", "completion", "completion_item", "documentation_format") or ()
    ls.completion_markdown = types.MarkupKind.Markdown in doc_formats
    ls.literal_actions = _cap(caps, "text_document", "code_action", "code_action_literal_support") is not None
    ls.related_info = _diagnostics_cap(caps, "related_information")
    ls.code_descriptions = _diagnostics_cap(caps, "code_description_support")
    ls.pull_mode = _cap(caps, "text_document", "diagnostic") is not None
    ls.config_requests = bool(_cap(caps, "workspace", "configuration"))
    options = params.initialization_options
    if isinstance(options, dict):
        settings = options.get("settings", options)
        if isinstance(settings, dict):
            ls.global_settings = settings.get("stanzalint", settings) if "stanzalint" in settings else {}


def shutdown(ls: StanzaServer, *args: object) -> None:
    ls.shut_down = True
    ls.store.shutdown()


async def initialized(ls: StanzaServer, params: types.InitializedParams) -> None:
    """Watch the configuration files, then the build context (``build_context.WATCHED``), when
    the client lets the server register watchers: the context rules' diagnostics follow the
    files as much as the lenses do, whether or not the client ever asks for a lens. Two
    registrations, so that a client refusing the broad one still sends the configuration's."""
    caps = ls.client_capabilities
    if _cap(caps, "workspace", "did_change_watched_files", "dynamic_registration"):
        await _watch(ls, "stanzalint-config-files", CONFIG_GLOBS)
        await _watch(ls, "stanzalint-context-files", build_context.WATCHED)


async def _watch(ls: StanzaServer, registration: str, globs: tuple[str, ...]) -> None:
    """Ask the client to send the events of the files ``globs`` match."""
    watchers = [types.FileSystemWatcher(glob_pattern=g) for g in globs]
    options = types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
    method = types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    try:
        await ls.client_register_capability_async(
            types.RegistrationParams(
                registrations=[types.Registration(id=registration, method=method, register_options=options)]
            )
        )
    except Exception:
        log.exception("could not register the file watchers %s", registration)


async def did_change_configuration(ls: StanzaServer, params: types.DidChangeConfigurationParams) -> None:
    """New editor settings: read each document's again and relint everything."""
    settings = params.settings
    if isinstance(settings, dict) and isinstance(settings.get("stanzalint"), dict):
        ls.global_settings = settings["stanzalint"]
    for doc in list(ls.store.docs.values()):
        await ls.refresh_settings(doc)
    ls.publisher.relint_all()


def did_change_watched_files(ls: StanzaServer, params: types.DidChangeWatchedFilesParams) -> None:
    """A configuration file or the build context changed: relint everything, with the
    configurations read again only when a change may touch one (``may_change_discovery``, or a
    file one was read from, such as a symlinked configuration's target): a saved Dockerfile or
    any other file of the context leaves them, and the findings memo that goes with each
    configuration object, as they are."""
    build_context.files_changed(ls, params)
    paths = [uri_to_path(change.uri) for change in params.changes]
    configs = ls.store.configs
    ls.publisher.relint_all(
        configs=any(path is None or may_change_discovery(path) or configs.read_from(path) for path in paths)
    )


def _diagnostics_cap(caps: types.ClientCapabilities, name: str) -> bool:
    """Whether the client declares a diagnostics capability, for pushed diagnostics
    (``publishDiagnostics``) or pulled ones (``diagnostic``, LSP 3.18): the server sends the
    same diagnostics either way, and VS Code's client declares it for pushed ones only."""
    return bool(
        _cap(caps, "text_document", "publish_diagnostics", name) or _cap(caps, "text_document", "diagnostic", name)
    )


def _cap(obj: object, *path: str) -> Any:
    """A nested client capability, or None when any step is missing."""
    for name in path:
        if obj is None:
            return None
        obj = getattr(obj, name, None)
    return obj
