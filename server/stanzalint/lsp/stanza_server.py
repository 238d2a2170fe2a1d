"""The language server's state: the open documents, the editor's settings and what the client
said it supports. Handlers (``stanzalint.lsp.handlers``) take it as their ``ls``; its
``Publisher`` sends the diagnostics."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.exceptions import FeatureRequestError
from pygls.lsp.server import LanguageServer

from stanzalint import __version__
from stanzalint.lsp.documents import Document, DocumentStore
from stanzalint.lsp.positions import UTF8, UTF16, UTF32, PositionMap
from stanzalint.lsp.protocol import StanzaProtocol

if TYPE_CHECKING:  # pragma: no cover
    from pygls.server import ServerErrors

    from stanzalint.engine import LintResult
    from stanzalint.lsp.publish import Publisher

log = logging.getLogger("stanzalint.lsp")

#: seconds to wait for the client's answer to workspace/configuration
CONFIGURATION_TIMEOUT = float(os.environ.get("STANZALINT_CONFIGURATION_TIMEOUT", "5"))


class StanzaServer(LanguageServer):
    """A LanguageServer with the open documents, the editor's settings and what the client said
    it supports."""

    protocol: StanzaProtocol  # made from ``protocol_cls``

    def __init__(self) -> None:
        super().__init__("stanzalint", __version__, protocol_cls=StanzaProtocol)
        self.store = DocumentStore(self._config_problem)
        self.protocol.after_write = self.store.after_write
        self.store.findings_changed = self._findings_changed
        self.markdown = True
        self.snippets = False
        self.completion_markdown = False
        self.literal_actions = True
        self.related_info = True
        #: whether diagnostics link their rule's documentation (``codeDescriptionSupport``)
        self.code_descriptions = True
        self.pull_mode = False
        self.config_requests = False
        self.global_settings: dict[str, Any] = {}
        self.failed_rules: set[str] = set()
        self.shut_down = False
        self.logged: set[str] = set()  # the kinds of problems with the client logged so far
        #: the event loop the handlers run on (noted at initialize; pygls 2 offers no public
        #: accessor): work in other threads reports back through it
        self.loop: asyncio.AbstractEventLoop | None = None

    def report_server_error(self, error: Exception, source: ServerErrors) -> None:
        """A message that could not be handled (mostly a client's protocol mistake) goes to the
        log and the client's log, never to a popup in the user's editor."""
        log.error("could not handle a message (%s): %s", getattr(source, "__name__", source), error)
        if source is FeatureRequestError:
            return  # the error is in the response
        try:
            self.window_log_message(
                types.LogMessageParams(
                    type=types.MessageType.Error, message=f"stanzalint: could not handle a message: {error}"
                )
            )
        except Exception:
            log.exception("could not log to the client")

    # --- helpers ---------------------------------------------------------------------------

    def _config_problem(self, message: str) -> None:
        """Show a configuration problem; found in a worker thread (a lint reads the configuration
        there), it is shown from the event loop's thread, the one that writes to the client."""
        log.warning(message)
        loop = self.loop
        if loop is not None and loop.is_running() and running_loop() is not loop:
            loop.call_soon_threadsafe(self._show_error, message)
        else:
            self._show_error(message)

    def _show_error(self, message: str) -> None:
        self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=message))

    @property
    def encoding(self) -> str:
        enc = str(getattr(self.workspace, "position_encoding", UTF16) or UTF16)
        return {"utf-8": UTF8, "utf-32": UTF32}.get(enc, UTF16)

    def positions(self, result: LintResult) -> PositionMap:
        return PositionMap(result.dockerfile.lines, self.encoding)

    def document(self, uri: str) -> Document | None:
        return self.store.docs.get(uri)

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

    def note_failures(self, res: LintResult) -> None:
        """Tell the client, once per rule, that a rule failed and was skipped."""
        for failure in res.failures:
            if failure.code not in self.failed_rules:
                self.failed_rules.add(failure.code)
                self.window_log_message(
                    types.LogMessageParams(
                        type=types.MessageType.Error,
                        message=f"stanzalint: rule {failure.code} failed and was skipped: {failure.error}\n{failure.traceback}",
                    )
                )

    def _findings_changed(self, doc: Document) -> None:
        """The document's stored findings changed after they were sent (``DocumentStore``): send
        them again, or ask a client that pulls them to pull again."""
        if self.pull_mode:
            self.publisher.ask_to_pull()
        else:
            self.publisher.schedule(doc, force=True)

    @cached_property
    def publisher(self) -> Publisher:
        """Sends the diagnostics (imported at the first publish: start-up does without it)."""
        from stanzalint.lsp.publish import Publisher

        return Publisher(self)

    # --- settings ----------------------------------------------------------------------------

    def trivy_enabled(self, doc: Document) -> bool:
        """The ``stanzalint.trivy.enable`` setting (off by default)."""
        trivy = (doc.editor_settings or {}).get("trivy")
        return isinstance(trivy, dict) and trivy.get("enable") is True

    async def refresh_settings(self, doc: Document) -> None:
        """Ask the client for the document's settings. A client that does not answer within
        ``CONFIGURATION_TIMEOUT`` is asked no more until it answers late (the late answer still
        applies); an unusable answer counts as no settings. Either is logged once."""
        doc.editor_settings = self.global_settings or None
        if not self.config_requests:
            return
        request = asyncio.ensure_future(
            self.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(scope_uri=doc.uri, section="stanzalint")])
            )
        )
        try:
            answer = await asyncio.wait_for(asyncio.shield(request), CONFIGURATION_TIMEOUT)
        except asyncio.TimeoutError:
            self.config_requests = False
            self._log_once(
                "configuration-timeout",
                f"the client did not answer workspace/configuration in {CONFIGURATION_TIMEOUT:g} s: "
                "using the settings sent with initialize or didChangeConfiguration",
            )
            request.add_done_callback(lambda late: self._late_settings(doc, late))
            return
        except Exception as exc:
            self._log_once("configuration-failed", f"workspace/configuration failed ({exc}): using no editor settings")
            return
        self._apply_settings(doc, answer)

    def _apply_settings(self, doc: Document, answer: object) -> bool:
        """Set the document's editor settings from a configuration answer; True if they changed."""
        if not isinstance(answer, (list, tuple)):
            self._log_once(
                "configuration-malformed",
                f"workspace/configuration answered {answer!r:.200}, not a list: using no editor settings",
            )
            answer = []
        settings = answer[0] if answer else None
        before = doc.editor_settings
        doc.editor_settings = settings if isinstance(settings, dict) and settings else (self.global_settings or None)
        return doc.editor_settings != before

    def _late_settings(self, doc: Document, answer: asyncio.Future[Sequence[Any | None]]) -> None:
        """A configuration answer that came after the wait: the client answers after all."""
        if answer.cancelled() or answer.exception() is not None:
            return
        self.config_requests = True
        if self.store.docs.get(doc.uri) is doc and self._apply_settings(doc, answer.result()):
            self.publisher.relint_all()

    def _log_once(self, kind: str, message: str) -> None:
        """Log a problem of this kind with the client once per server (it would recur for
        every document)."""
        if kind in self.logged:
            return
        self.logged.add(kind)
        log.warning(message)
        self.window_log_message(
            types.LogMessageParams(type=types.MessageType.Warning, message=f"stanzalint: {message}")
        )


def running_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop running in this thread, if any."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
