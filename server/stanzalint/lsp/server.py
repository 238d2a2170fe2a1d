"""The pygls server: wires documents, linting and the editor features to LSP messages.

Imported only by ``stanzalint serve``. Start-up imports only pygls, lsprotocol and the document
store: each feature module is imported by the first request that needs it, the engine at the
first lint.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import sys
from typing import Any, Dict, List, Optional, Tuple

from lsprotocol import types
from pygls.exceptions import FeatureRequestError, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer

from stanzalint import __version__
from stanzalint.lsp import APPLY_EDIT_COMMAND, FIX_ALL_KIND, SOURCE, build_context
from stanzalint.lsp.documents import Document, DocumentStore
from stanzalint.lsp.positions import UTF8, UTF16, UTF32, PositionMap
from stanzalint.lsp.protocol import StanzaProtocol
from stanzalint.lsp.ranges import lsp_range
from stanzalint.lsp.text import apply_changes

log = logging.getLogger("stanzalint.lsp")

CONFIG_GLOBS = ("**/.hadolint.yaml", "**/.hadolint.yml", "**/pyproject.toml", "**/.stanzalint.toml", "**/.dockerignore")
RULE_DOCS_COMMAND = "stanzalint.ruleDocs"
#: seconds to wait for the client's answer to workspace/configuration
CONFIGURATION_TIMEOUT = float(os.environ.get("STANZALINT_CONFIGURATION_TIMEOUT", "5"))


class StanzaServer(LanguageServer):
    """A LanguageServer with the document store and what the client said it supports."""

    def __init__(self) -> None:
        super().__init__("stanzalint", __version__, protocol_cls=StanzaProtocol)
        self.store = DocumentStore(self._config_problem)
        self.markdown = True
        self.snippets = False
        self.completion_markdown = False
        self.literal_actions = True
        self.related_info = True
        self.pull_mode = False
        self.config_requests = False
        self.global_settings: Dict[str, Any] = {}
        self.failed_rules: set = set()
        self.shut_down = False
        self.trivy_problem_shown = False
        self.logged: set = set()  # the kinds of problems with the client logged so far

    def report_server_error(self, error: Exception, source: Any) -> None:
        """A message that could not be handled (mostly a client's protocol mistake) goes to the
        log and the client's log, never to a popup in the user's editor."""
        log.error("could not handle a message (%s): %s", getattr(source, "__name__", source), error)
        if source is FeatureRequestError:
            return  # the error is in the response
        try:
            self.window_log_message(types.LogMessageParams(
                type=types.MessageType.Error, message=f"stanzalint: could not handle a message: {error}"))
        except Exception:
            log.exception("could not log to the client")

    # --- helpers ---------------------------------------------------------------------------

    def _config_problem(self, message: str) -> None:
        log.warning(message)
        loop = self._loop()
        if loop is not None and loop.is_running() and not _on_loop_thread(loop):
            loop.call_soon_threadsafe(self._show_error, message)
        else:
            self._show_error(message)

    def _show_error(self, message: str) -> None:
        self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=message))

    def _loop(self) -> Optional[asyncio.AbstractEventLoop]:
        try:
            return self.protocol._loop if hasattr(self.protocol, "_loop") else asyncio.get_event_loop()
        except RuntimeError:
            return None

    @property
    def encoding(self) -> str:
        enc = str(getattr(self.workspace, "position_encoding", UTF16) or UTF16)
        return {"utf-8": UTF8, "utf-32": UTF32}.get(enc, UTF16)

    def positions(self, result: Any) -> PositionMap:
        return PositionMap(result.dockerfile.lines, self.encoding)

    def document(self, uri: str) -> Optional[Document]:
        return self.store.docs.get(uri)

    async def result(self, uri: str) -> Optional[Tuple[Document, Any]]:
        doc = self.document(uri)
        if doc is None:
            return None
        await self.settings_ready(doc)
        res = await self.store.result(doc)
        self._note_failures(res)
        return doc, res

    async def settings_ready(self, doc: Document) -> bool:
        """Wait for the document's settings while they are being read: nothing is linted without
        them. True when there was nothing to wait for."""
        if doc.settings_task is None or doc.settings_task.done():
            return True
        try:
            await asyncio.shield(doc.settings_task)
        except Exception:
            log.exception("reading the settings failed for %s", doc.uri)
        return False

    async def lint_result(self, uri: str) -> Optional[Any]:
        """The current lint result of an open document, or None (for handlers that need no more)."""
        found = await self.result(uri)
        return found[1] if found is not None else None

    def _note_failures(self, res: Any) -> None:
        for failure in getattr(res, "failures", ()):
            if failure.code not in self.failed_rules:
                self.failed_rules.add(failure.code)
                self.window_log_message(types.LogMessageParams(
                    type=types.MessageType.Error,
                    message=f"stanzalint: rule {failure.code} failed and was skipped: {failure.error}\n{failure.traceback}"))

    def offset(self, res: Any, position: types.Position) -> int:
        return self.positions(res).offset(position.line, position.character)

    # --- diagnostics -------------------------------------------------------------------------

    def schedule(self, doc: Document, force: bool = False) -> None:
        """Publish diagnostics for the newest version; edits during a lint coalesce."""
        if force:
            doc.published_key = None
        if self.pull_mode:
            return
        if doc.publisher is not None and not doc.publisher.done():
            return
        doc.publisher = asyncio.ensure_future(self._publish_loop(doc))

    async def _publish_loop(self, doc: Document) -> None:
        while self.store.docs.get(doc.uri) is doc:
            if not await self.settings_ready(doc):
                continue  # an edit right after opening: the settings came meanwhile, look again
            key = self.store.key(doc)
            if doc.published_key == key:
                return
            try:
                res = await self.store.result(doc)
            except Exception:
                log.exception("lint failed for %s", doc.uri)
                return
            if self.store.docs.get(doc.uri) is not doc:
                return
            if self.store.key(doc) != key:
                continue  # the document changed while linting: lint the newest text
            self._note_failures(res)
            doc.published_key = key
            self.publish(doc, res)
            self.finish_shellcheck(doc, key, res)
            return

    def finish_shellcheck(self, doc: Document, key: Tuple[Any, int], res: Any) -> None:
        """When ``res`` lacks ShellCheck findings for some script, get them in the background and
        publish (or, in pull mode, ask the client to pull) the merged list if still current."""
        if key not in doc.shellcheck_pending or doc.shellcheck_running == key:
            return
        doc.shellcheck_running = key
        asyncio.ensure_future(self._shellcheck_then_publish(doc, key, res))

    async def _shellcheck_then_publish(self, doc: Document, key: Tuple[Any, int], res: Any) -> None:
        try:
            full = await self.store.shellcheck_result(doc, key, res)
        except Exception:
            log.exception("ShellCheck failed for %s", doc.uri)
            return
        finally:
            if doc.shellcheck_running == key:
                doc.shellcheck_running = None
        if full is None or self.store.docs.get(doc.uri) is not doc or self.store.key(doc) != key:
            return  # the document changed: its newer lint publishes instead
        if self.pull_mode:
            try:
                self.workspace_diagnostic_refresh(None)
            except Exception:
                log.exception("diagnostic refresh failed")
            return
        self.publish(doc, full)

    def publish(self, doc: Document, res: Any) -> None:
        """Push the diagnostics of ``res`` (the document's current version) to the client."""
        from stanzalint.engine import rule_url

        config = self.store.config_for(doc)
        urls: Dict[str, str] = {}

        def url(code: str) -> str:
            found = urls.get(code)
            if found is None:
                found = urls[code] = rule_url(code, config)
            return found

        res = with_trivy(doc, res)
        body = doc.encoder.notification(res.violations, self.positions(res), doc.uri, doc.version, url,
                                        self.related_info)
        self.protocol.send_encoded(body)

    # --- trivy on save ------------------------------------------------------------------------

    def trivy_enabled(self, doc: Document) -> bool:
        """The ``stanzalint.trivy.enable`` setting (off by default)."""
        trivy = (doc.editor_settings or {}).get("trivy")
        return isinstance(trivy, dict) and trivy.get("enable") is True

    async def trivy_then_publish(self, doc: Document) -> None:
        """Run ``trivy config`` on the saved text off the edit path; publish its findings with
        stanzalint's if the text is still the same, or say once why trivy cannot run."""
        from stanzalint.scan import TrivyError, trivy_findings_for, trivy_status

        text, key = doc.text, self.store.key(doc)
        problem = await asyncio.get_running_loop().run_in_executor(None, trivy_status)
        findings = None
        if problem is None:
            res = await self.store.result(doc)
            config = self.store.config_for(doc)
            try:
                findings = await asyncio.get_running_loop().run_in_executor(
                    None, lambda: trivy_findings_for(doc.path, text, config=config, own=res.violations))
            except TrivyError as exc:
                problem = str(exc)
        if problem is not None:
            if not self.trivy_problem_shown:
                self.trivy_problem_shown = True
                self.window_show_message(types.ShowMessageParams(
                    type=types.MessageType.Warning, message=f"stanzalint: {problem}"))
            return
        if self.store.docs.get(doc.uri) is not doc or doc.text != text or self.store.key(doc) != key:
            return  # edited meanwhile: the next save runs trivy on the new text
        doc.trivy = (text, findings)
        doc.result_serial += 1
        if self.pull_mode:
            try:
                self.workspace_diagnostic_refresh(None)
            except Exception:
                log.exception("diagnostic refresh failed")
        else:
            self.schedule(doc, force=True)

    async def refresh_settings(self, doc: Document) -> None:
        """Ask the client for the document's settings. A client that does not answer within
        ``CONFIGURATION_TIMEOUT`` is asked no more until it answers late (the late answer still
        applies); an unusable answer counts as no settings. Either is logged once."""
        doc.editor_settings = self.global_settings or None
        if not self.config_requests:
            return
        request = asyncio.ensure_future(self.workspace_configuration_async(types.ConfigurationParams(
            items=[types.ConfigurationItem(scope_uri=doc.uri, section="stanzalint")])))
        try:
            answer = await asyncio.wait_for(asyncio.shield(request), CONFIGURATION_TIMEOUT)
        except asyncio.TimeoutError:
            self.config_requests = False
            self._log_once("configuration-timeout", f"the client did not answer workspace/configuration in {CONFIGURATION_TIMEOUT:g} s: "
                           "using the settings sent with initialize or didChangeConfiguration")
            request.add_done_callback(lambda late: self._late_settings(doc, late))
            return
        except Exception as exc:
            self._log_once("configuration-failed", f"workspace/configuration failed ({exc}): using no editor settings")
            return
        self._apply_settings(doc, answer)

    def _apply_settings(self, doc: Document, answer: Any) -> bool:
        """Set the document's editor settings from a configuration answer; True if they changed."""
        if not isinstance(answer, (list, tuple)):
            self._log_once("configuration-malformed", f"workspace/configuration answered {answer!r:.200}, not a list: using no editor settings")
            answer = []
        settings = answer[0] if answer else None
        before = doc.editor_settings
        doc.editor_settings = settings if isinstance(settings, dict) and settings else (self.global_settings or None)
        return doc.editor_settings != before

    def _late_settings(self, doc: Document, answer: "asyncio.Future[Any]") -> None:
        """A configuration answer that came after the wait: the client answers after all."""
        if answer.cancelled() or answer.exception() is not None:
            return
        self.config_requests = True
        if self.store.docs.get(doc.uri) is doc and self._apply_settings(doc, answer.result()):
            self.relint_all()

    def _log_once(self, kind: str, message: str) -> None:
        """Log a problem of this kind with the client once per server (it would recur for
        every document)."""
        if kind in self.logged:
            return
        self.logged.add(kind)
        log.warning(message)
        self.window_log_message(types.LogMessageParams(type=types.MessageType.Warning, message=f"stanzalint: {message}"))

    def relint_all(self) -> None:
        self.store.invalidate()
        for doc in list(self.store.docs.values()):
            self.schedule(doc, force=True)
        if self.pull_mode:
            try:
                self.workspace_diagnostic_refresh(None)
            except Exception:
                log.exception("diagnostic refresh failed")


def with_trivy(doc: Document, res: Any) -> Any:
    """``res`` with the document's trivy findings merged in, when they are for this very text."""
    if doc.trivy is None or doc.trivy[0] != res.dockerfile.text or not doc.trivy[1]:
        return res
    import dataclasses

    from stanzalint.engine import document_order

    merged = sorted([*res.violations, *doc.trivy[1]], key=document_order)
    return dataclasses.replace(res, violations=merged)


def _on_loop_thread(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False


def _cap(obj: Any, *path: str) -> Any:
    for name in path:
        if obj is None:
            return None
        obj = getattr(obj, name, None)
    return obj


def create_server() -> StanzaServer:
    server = StanzaServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: StanzaServer, params: types.InitializeParams) -> None:
        caps = params.capabilities
        formats = _cap(caps, "text_document", "hover", "content_format")
        ls.markdown = formats is None or types.MarkupKind.Markdown in formats
        ls.snippets = bool(_cap(caps, "text_document", "completion", "completion_item", "snippet_support"))
        doc_formats = _cap(caps, "text_document", "completion", "completion_item", "documentation_format") or ()
        ls.completion_markdown = types.MarkupKind.Markdown in doc_formats
        ls.literal_actions = _cap(caps, "text_document", "code_action", "code_action_literal_support") is not None
        ls.related_info = bool(_cap(caps, "text_document", "publish_diagnostics", "related_information"))
        ls.pull_mode = _cap(caps, "text_document", "diagnostic") is not None
        ls.config_requests = bool(_cap(caps, "workspace", "configuration"))
        options = params.initialization_options
        if isinstance(options, dict):
            settings = options.get("settings", options)
            if isinstance(settings, dict):
                ls.global_settings = settings.get("stanzalint", settings) if "stanzalint" in settings else {}

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: StanzaServer, *args: Any) -> None:
        ls.shut_down = True
        ls.store.shutdown()

    @server.feature(types.INITIALIZED)
    async def initialized(ls: StanzaServer, params: types.InitializedParams) -> None:
        caps = ls.client_capabilities
        if _cap(caps, "workspace", "did_change_watched_files", "dynamic_registration"):
            watchers = [types.FileSystemWatcher(glob_pattern=g) for g in CONFIG_GLOBS]
            try:
                await ls.client_register_capability_async(types.RegistrationParams(registrations=[
                    types.Registration(id="stanzalint-config-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                       register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))
            except Exception:
                log.exception("could not register file watchers")

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: StanzaServer, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        build_context.attach(ls)
        doc = ls.store.open(item.uri, item.text, item.version)
        doc.settings_task = asyncio.ensure_future(ls.refresh_settings(doc))
        await doc.settings_task
        if ls.store.docs.get(item.uri) is doc:
            ls.schedule(doc)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: StanzaServer, params: types.DidChangeTextDocumentParams) -> None:
        doc = ls.document(params.text_document.uri)
        if doc is None:
            return
        text = apply_changes(doc.text, params.content_changes, ls.encoding)
        ls.store.set_text(doc, text, params.text_document.version)
        ls.schedule(doc)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: StanzaServer, params: types.DidSaveTextDocumentParams) -> None:
        doc = ls.document(params.text_document.uri)
        if doc is not None:
            ls.schedule(doc, force=True)
            if ls.trivy_enabled(doc):
                asyncio.ensure_future(ls.trivy_then_publish(doc))

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: StanzaServer, params: types.DidCloseTextDocumentParams) -> None:
        doc = ls.store.close(params.text_document.uri)
        if not ls.pull_mode:
            uri = doc.uri if doc is not None else params.text_document.uri  # where its diagnostics went
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC,
                    types.DiagnosticOptions(identifier=SOURCE, inter_file_dependencies=False, workspace_diagnostics=False))
    async def pull_diagnostics(ls: StanzaServer, params: types.DocumentDiagnosticParams):
        found = await ls.result(params.text_document.uri)
        if found is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        doc, res = found
        from stanzalint.lsp.diagnostics import to_diagnostics

        result_id = f"{doc.revision}.{ls.store.generation}.{doc.result_serial}"
        if doc.result is not None and doc.result[1] is res:
            ls.finish_shellcheck(doc, doc.result[0], res)
        if params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        items = to_diagnostics(with_trivy(doc, res), ls.encoding, doc.uri, doc.version, ls.store.config_for(doc), ls.related_info)
        return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=result_id)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: StanzaServer, params: types.HoverParams) -> Optional[types.Hover]:
        from stanzalint.lsp import hover as hover_mod

        found = await ls.result(params.text_document.uri)
        if found is None:
            return None
        doc, res = found
        offset = ls.offset(res, params.position)
        answer = hover_mod.hover_at(res, offset, ls.store.config_for(doc))
        answer = build_context.with_source_hover(answer, doc.path, res, offset)
        if answer is None:
            return None
        text, span = answer
        kind = types.MarkupKind.Markdown if ls.markdown else types.MarkupKind.PlainText
        value = text if ls.markdown else hover_mod.plain(text)
        return types.Hover(contents=types.MarkupContent(kind=kind, value=value), range=lsp_range(ls.positions(res), span))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[
        types.CodeActionKind.QuickFix, types.CodeActionKind.RefactorRewrite, types.CodeActionKind.RefactorExtract,
        types.CodeActionKind.SourceFixAll, FIX_ALL_KIND]))
    async def code_action(ls: StanzaServer, params: types.CodeActionParams):
        from stanzalint.lsp import actions as actions_mod

        found = await ls.result(params.text_document.uri)
        if found is None:
            return None
        doc, res = found
        positions = ls.positions(res)
        only = params.context.only
        wants = lambda kind: not only or any(kind == k or kind.startswith(k + ".") for k in only)  # noqa: E731
        out: List[types.CodeAction] = []
        if wants(types.CodeActionKind.QuickFix):
            out.extend(actions_mod.quick_fixes(doc.uri, doc.version, params.context.diagnostics))
            out.extend(actions_mod.ignore_actions(doc.uri, doc.version, res, positions, params.context.diagnostics))
        # Fix-all re-lints until nothing changes: only when the client asks for source actions
        # (``only`` names source, source.fixAll or our kind), never for a light-bulb request.
        if only and wants(FIX_ALL_KIND):
            action = actions_mod.fix_all_action(doc.uri, doc.version, doc.text, positions, ls.store.config_for(doc), doc.path)
            if action is not None:
                out.append(action)
        refactor = types.CodeActionKind.Refactor
        if not only or any(k == refactor or k.startswith(refactor + ".") or refactor.startswith(k + ".") for k in only):
            start = ls.offset(res, params.range.start)
            end = ls.offset(res, params.range.end)
            out.extend(a for a in actions_mod.refactor_actions(doc.uri, doc.version, res, positions, start, end)
                       if wants(a.kind))
        if not ls.literal_actions:
            return actions_mod.as_commands(out)
        return out

    @server.command(APPLY_EDIT_COMMAND)
    async def apply_edit(ls: StanzaServer, *args: Any) -> None:
        from stanzalint.lsp.actions import converter

        raw = args[0] if args else None
        if isinstance(raw, list) and raw:
            raw = raw[0]
        try:
            if not isinstance(raw, dict):
                raise TypeError("not an object")
            edit = converter().structure(raw, types.WorkspaceEdit)
        except Exception as exc:  # cattrs reports a wrong shape with several exception types
            raise JsonRpcInvalidParams(f"{APPLY_EDIT_COMMAND} takes a WorkspaceEdit, not {raw!r:.200}") from exc
        await ls.workspace_apply_edit_async(types.ApplyWorkspaceEditParams(edit=edit, label="stanzalint"))

    @server.command(RULE_DOCS_COMMAND)
    def rule_docs(ls: StanzaServer, *args: Any) -> Optional[str]:
        from stanzalint.lsp import hover as hover_mod

        code = args[0] if args else None
        if isinstance(code, list):
            code = code[0] if code else None
        if not isinstance(code, str):
            return None
        return hover_mod.rule_markdown(code, ls.store.configs.get(".", ls.global_settings or None))

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def document_symbols(ls: StanzaServer, params: types.DocumentSymbolParams):
        from stanzalint.lsp import outline

        res = await ls.lint_result(params.text_document.uri)
        if res is None:
            return None
        positions = ls.positions(res)

        def convert(node: outline.OutlineNode) -> types.DocumentSymbol:
            kind = types.SymbolKind.Class if node.kind == "stage" else _SYMBOL_KINDS.get(node.name, types.SymbolKind.Field)
            return types.DocumentSymbol(
                name=node.name, detail=node.detail or None, kind=kind, range=lsp_range(positions, node.span),
                selection_range=lsp_range(positions, node.selection), children=[convert(c) for c in node.children] or None)

        return [convert(n) for n in outline.outline(res)]

    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    async def folding(ls: StanzaServer, params: types.FoldingRangeParams):
        from stanzalint.lsp import outline

        res = await ls.lint_result(params.text_document.uri)
        if res is None:
            return None
        return [types.FoldingRange(start_line=s, end_line=e,
                                   kind=types.FoldingRangeKind.Comment if k == "comment" else types.FoldingRangeKind.Region)
                for s, e, k in outline.folds(res)]

    async def symbol_here(ls: StanzaServer, uri: str, position: types.Position):
        from stanzalint.lsp import navigation

        found = await ls.result(uri)
        if found is None:
            return None, None, None
        _, res = found
        offset = ls.offset(res, position)
        return res, offset, navigation.symbol_at(res, offset)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def definition(ls: StanzaServer, params: types.DefinitionParams):
        res, _, sym = await symbol_here(ls, params.text_document.uri, params.position)
        if sym is None or not sym.definitions:
            return None
        positions = ls.positions(res)
        return [types.Location(params.text_document.uri, lsp_range(positions, s)) for s in sym.definitions]

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    async def references(ls: StanzaServer, params: types.ReferenceParams):
        res, _, sym = await symbol_here(ls, params.text_document.uri, params.position)
        if sym is None:
            return None
        positions = ls.positions(res)
        spans = sym.all_spans if params.context.include_declaration else sorted(sym.uses, key=lambda s: s.start)
        return [types.Location(params.text_document.uri, lsp_range(positions, s)) for s in spans]

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)
    async def highlight(ls: StanzaServer, params: types.DocumentHighlightParams):
        res, _, sym = await symbol_here(ls, params.text_document.uri, params.position)
        if sym is None:
            return None
        positions = ls.positions(res)
        defs = set(sym.definitions)
        return [types.DocumentHighlight(lsp_range(positions, s),
                                        types.DocumentHighlightKind.Write if s in defs else types.DocumentHighlightKind.Read)
                for s in sym.all_spans]

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    async def prepare_rename(ls: StanzaServer, params: types.PrepareRenameParams):
        from stanzalint.lsp import navigation

        res, offset, sym = await symbol_here(ls, params.text_document.uri, params.position)
        if sym is None or not sym.definitions:
            return None
        span = navigation.span_at(sym, offset)
        return types.PrepareRenamePlaceholder(range=lsp_range(ls.positions(res), span), placeholder=sym.name)

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    async def rename(ls: StanzaServer, params: types.RenameParams):
        from stanzalint.lsp import actions as actions_mod
        from stanzalint.lsp import navigation

        res, _, sym = await symbol_here(ls, params.text_document.uri, params.position)
        if sym is None or not sym.definitions:
            return None
        if not navigation.valid_new_name(sym, params.new_name):
            raise JsonRpcInvalidParams(f"{params.new_name!r} is not a valid {sym.kind} name")
        doc = ls.document(params.text_document.uri)
        positions = ls.positions(res)
        edits = [types.TextEdit(lsp_range(positions, s), params.new_name) for s in sym.all_spans]
        return actions_mod.workspace_edit(doc.uri, doc.version, edits)

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=["-", "=", "$", "{", " ", "/"]))
    async def completion(ls: StanzaServer, params: types.CompletionParams):
        from stanzalint.lsp import completion as completion_mod
        from stanzalint.lsp.hover import plain as hover_plain

        found = await ls.result(params.text_document.uri)
        if found is None:
            return None
        doc, res = found
        offset = ls.offset(res, params.position)
        lines = res.dockerfile.lines
        line = lines.position(offset)[0]
        prefix = doc.text[lines.line_starts[line]:offset]
        if build_context.is_ignore_document(doc.path):
            return build_context.ignore_completion(doc.path, prefix)
        first = res.dockerfile.instructions[0].start_line if res.dockerfile.instructions else lines.line_count
        at_top = line <= first and all(
            not lines.line_text(i).strip() or lines.line_text(i).lstrip().startswith("#") for i in range(line))
        items = []
        for c in completion_mod.candidates(res, offset, prefix, at_top):
            kind = _COMPLETION_KINDS.get(c.kind, types.CompletionItemKind.Text)
            doc_text = None
            if c.documentation:
                doc_text = (types.MarkupContent(kind=types.MarkupKind.Markdown, value=c.documentation)
                            if ls.completion_markdown else hover_plain(c.documentation))
            if c.snippet and ls.snippets:
                items.append(types.CompletionItem(label=c.label, kind=kind, detail=c.detail or None, documentation=doc_text,
                                                  insert_text=c.snippet, insert_text_format=types.InsertTextFormat.Snippet))
            else:
                items.append(types.CompletionItem(label=c.label, kind=kind, detail=c.detail or None, documentation=doc_text,
                                                  insert_text=c.insert or c.label))
        return types.CompletionList(is_incomplete=False, items=items)

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    async def formatting(ls: StanzaServer, params: types.DocumentFormattingParams):
        from stanzalint.lsp.actions import text_edits
        from stanzalint.lsp.formatting import format_edits

        res = await ls.lint_result(params.text_document.uri)
        if res is None:
            return None
        return text_edits(ls.positions(res), format_edits(res.dockerfile))

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_LINK)
    async def document_links(ls: StanzaServer, params: types.DocumentLinkParams):
        from stanzalint.lsp.links import image_links

        res = await ls.lint_result(params.text_document.uri)
        if res is None:
            return None
        positions = ls.positions(res)
        return [types.DocumentLink(range=lsp_range(positions, span), target=url) for span, url in image_links(res)]

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: StanzaServer, params: types.DidChangeConfigurationParams) -> None:
        settings = params.settings
        if isinstance(settings, dict) and isinstance(settings.get("stanzalint"), dict):
            ls.global_settings = settings["stanzalint"]
        for doc in list(ls.store.docs.values()):
            await ls.refresh_settings(doc)
        ls.relint_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: StanzaServer, params: types.DidChangeWatchedFilesParams) -> None:
        build_context.files_changed(ls, params)
        ls.relint_all()

    build_context.register(server)
    return server


_SYMBOL_KINDS = {
    "ARG": types.SymbolKind.Variable, "ENV": types.SymbolKind.Variable, "RUN": types.SymbolKind.Function,
    "CMD": types.SymbolKind.Event, "ENTRYPOINT": types.SymbolKind.Event, "COPY": types.SymbolKind.File,
    "ADD": types.SymbolKind.File, "LABEL": types.SymbolKind.Property, "USER": types.SymbolKind.Key,
    "WORKDIR": types.SymbolKind.Namespace, "EXPOSE": types.SymbolKind.Constant,
}
_COMPLETION_KINDS = {
    "keyword": types.CompletionItemKind.Keyword, "flag": types.CompletionItemKind.Property,
    "stage": types.CompletionItemKind.Reference, "variable": types.CompletionItemKind.Variable,
    "directive": types.CompletionItemKind.Keyword, "image": types.CompletionItemKind.Module,
}


def _tune_garbage_collector() -> None:
    """A lint makes tens of thousands of short-lived objects, which would start a cyclic
    collection every few hundred allocations, and now and then a full one that walks every
    object the server holds (the protocol's types alone are a hundred thousand). The objects
    made at start-up live as long as the server, so they are moved out of the collector's
    sight, and collections run less often: a full collection during an edit was what made the
    slowest edits twice as slow as the median. (No collection first: freezing is a constant-time
    move, a collection here would delay the first answer.)"""
    gc.freeze()
    gc.set_threshold(20000, 20, 20)


def run(tcp: Optional[Tuple[str, int]] = None, log_level: str = "WARNING") -> int:
    """Serve over stdio, or one client over TCP when ``tcp`` is (host, port), then end the
    process with LSP's exit status (0 only after ``shutdown``). The process ends at once: a
    lint still running in a worker is not waited for."""
    from stanzalint.lsp.transport import serve_stdio, serve_tcp

    logging.basicConfig(stream=sys.stderr, level=getattr(logging, str(log_level).upper(), logging.WARNING),
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    server = create_server()
    _tune_garbage_collector()
    if tcp is not None:
        serve_tcp(server.protocol, tcp[0], tcp[1])
    else:
        serve_stdio(server.protocol)
    status = 0 if server.shut_down else 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (ValueError, OSError):
            pass  # closed by ``exit``, or by the client
    os._exit(status)
