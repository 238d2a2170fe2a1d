"""Publishing diagnostics: the ``Publisher``.

The ``Publisher`` pushes each open document's diagnostics after its lint (edits made meanwhile
coalesce into one publish of the newest text), or, for a client that pulls them, asks it to pull
again; and it runs the follow-ups that complete a publish off the edit path: ShellCheck for new
scripts, once the document has stayed unchanged for ``SHELLCHECK_IDLE`` seconds (while the user
types, each keystroke makes a new script, and a ShellCheck run for it would only take the CPU
from the next keystroke's lint), and trivy on save.

The notification's JSON comes from the document's ``DiagnosticEncoder`` (``diagnostic_json``),
which reuses each diagnostic's JSON from the last one while its content and places are unchanged.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import TYPE_CHECKING, Callable

from lsprotocol import types

from stanzalint.findings import Violation
from stanzalint.lsp.protocol import EncodedResult

if TYPE_CHECKING:  # pragma: no cover
    from stanzalint.config import Config
    from stanzalint.engine import LintResult
    from stanzalint.lsp.documents import Document, DocumentStore, Key
    from stanzalint.lsp.stanza_server import StanzaServer

log = logging.getLogger("stanzalint.lsp")

#: seconds a document stays unchanged before ShellCheck runs for the scripts its lint had not
#: seen (a change meanwhile hands the follow-up to the newer version's publish)
SHELLCHECK_IDLE = 0.25


class Publisher:
    """Sends the diagnostics of the server's open documents (push or pull refresh) and runs the
    ShellCheck and trivy follow-ups that complete them."""

    def __init__(self, server: StanzaServer) -> None:
        self.server = server
        self.trivy_problem_shown = False
        #: the configuration the documentation links were last worked out for, and its links
        self._links_for: tuple[Config, Callable[[str], str]] | None = None

    @property
    def store(self) -> DocumentStore:
        return self.server.store

    def schedule(self, doc: Document, force: bool = False) -> None:
        """Publish diagnostics for the newest version; edits during a lint coalesce."""
        if force:
            doc.published_key = None
        if self.server.pull_mode:
            return
        if doc.publisher is not None and not doc.publisher.done():
            return
        doc.publisher = asyncio.ensure_future(self._publish_loop(doc))

    async def _publish_loop(self, doc: Document) -> None:
        while self.store.docs.get(doc.uri) is doc:
            if not await self.server.settings_ready(doc):
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
            self.server.note_failures(res)
            doc.published_key = key
            self.publish(doc, res)
            if doc.published_key != key:
                continue  # the findings changed as they were written (``DocumentStore.after_write``)
            self.finish_shellcheck(doc, key, res)
            return

    def finish_shellcheck(self, doc: Document, key: Key, res: LintResult) -> None:
        """When ``res`` lacks ShellCheck findings for some script, get them in the background
        once the document has been idle for ``SHELLCHECK_IDLE`` seconds, and publish (or, in pull
        mode, ask the client to pull) the merged list if still current."""
        if key not in doc.shellcheck_pending or doc.shellcheck_running == key:
            return
        doc.shellcheck_running = key
        asyncio.ensure_future(self._shellcheck_then_publish(doc, key, res))

    async def _shellcheck_then_publish(self, doc: Document, key: Key, res: LintResult) -> None:
        try:
            await asyncio.sleep(SHELLCHECK_IDLE)
            if self.server.shut_down:
                return  # the client asked the server to shut down meanwhile: nothing more is sent
            if self.store.docs.get(doc.uri) is not doc or self.store.key(doc) != key:
                return  # changed meanwhile: the newer version's publish follows it up
            res = self.store.cached(doc) or res  # the memo's lint of a text whose result was taken again
            full = await self.store.shellcheck_result(doc, key, res)
        except Exception:
            log.exception("ShellCheck failed for %s", doc.uri)
            return
        finally:
            if doc.shellcheck_running == key:
                doc.shellcheck_running = None
        if full is None or self.store.docs.get(doc.uri) is not doc or self.store.key(doc) != key:
            current = self.store.cached(doc) if self.store.docs.get(doc.uri) is doc else None
            if current is not None and current is not res:
                self.finish_shellcheck(doc, key, current)  # replaced as ShellCheck ran: complete the new one
            return  # else the document changed: its newer lint publishes instead
        if self.server.shut_down:
            return
        if self.server.pull_mode:
            self.ask_to_pull()
            return
        self.publish(doc, full)

    def publish(self, doc: Document, res: LintResult) -> None:
        """Push the diagnostics of ``res`` (the document's current version) to the client."""
        res = with_trivy(doc, res)
        pieces = doc.encoder.message(
            res.violations,
            self.server.positions(res),
            doc.uri,
            doc.version,
            self._links_sent(doc),
            self.server.related_info,
        )
        self.server.protocol.send_pieces(pieces)

    def report(self, doc: Document, res: LintResult, result_id: str) -> EncodedResult:
        """The full report of a pull of the diagnostics of ``res`` (the document's current
        version), as JSON: the same diagnostics a push would send, from the same encoder."""
        res = with_trivy(doc, res)
        items = doc.encoder.array(
            res.violations,
            self.server.positions(res),
            doc.uri,
            doc.version,
            self._links_sent(doc),
            self.server.related_info,
        )
        return EncodedResult('{"items":' + items + ',"kind":"full","resultId":' + json.dumps(result_id) + "}")

    def _links_sent(self, doc: Document) -> Callable[[str], str] | None:
        """The documentation links of the document's diagnostics, or None for a client that
        does not declare ``codeDescriptionSupport`` (it would not show them)."""
        if not self.server.code_descriptions:
            return None
        return self._links(self.store.config_for(doc))

    def _links(self, config: Config) -> Callable[[str], str]:
        """A rule's documentation link under ``config``, each worked out once while the
        configuration stays the same object (the store keeps one per directory and settings)."""
        if self._links_for is None or self._links_for[0] is not config:
            from stanzalint.engine import rule_url

            found: dict[str, str] = {}

            def link(code: str) -> str:
                url = found.get(code)
                if url is None:
                    url = found[code] = rule_url(code, config)
                return url

            self._links_for = (config, link)
        return self._links_for[1]

    def ask_to_pull(self) -> None:
        """Ask a client that pulls diagnostics to pull them again (``workspace/diagnostic/refresh``)."""
        try:
            self.server.workspace_diagnostic_refresh(None)
        except Exception:
            log.exception("diagnostic refresh failed")

    def relint_all(self, configs: bool = True) -> None:
        """Settings, configuration files or the build context changed: lint and publish every
        open document again (with ``configs``, with each configuration read again)."""
        self.store.invalidate(configs)
        for doc in list(self.store.docs.values()):
            self.schedule(doc, force=True)
        if self.server.pull_mode:
            self.ask_to_pull()

    async def trivy_then_publish(self, doc: Document) -> None:
        """Run ``trivy config`` on the saved text off the edit path; publish its findings with
        stanzalint's if the text is still the same, or say once why trivy cannot run."""
        from stanzalint.scan import trivy_findings_for, trivy_status
        from stanzalint.trivy import TrivyError

        text, key = doc.text, self.store.key(doc)
        problem = await asyncio.get_running_loop().run_in_executor(None, trivy_status)
        findings: list[Violation] = []
        if problem is None:
            res = await self.store.result(doc)
            config = self.store.config_for(doc)
            try:
                findings = await asyncio.get_running_loop().run_in_executor(
                    None, lambda: trivy_findings_for(doc.path, text, config=config, own=res.violations)
                )
            except TrivyError as exc:
                problem = str(exc)
        if problem is not None:
            if not self.trivy_problem_shown:
                self.trivy_problem_shown = True
                self.server.window_show_message(
                    types.ShowMessageParams(type=types.MessageType.Warning, message=f"stanzalint: {problem}")
                )
            return
        if self.store.docs.get(doc.uri) is not doc or doc.text != text or self.store.key(doc) != key:
            return  # edited meanwhile: the next save runs trivy on the new text
        doc.trivy = (text, findings)
        doc.result_serial += 1
        if self.server.pull_mode:
            self.ask_to_pull()
        else:
            self.schedule(doc, force=True)


def with_trivy(doc: Document, res: LintResult) -> LintResult:
    """``res`` with the document's trivy findings merged in, when they are for this very text."""
    if doc.trivy is None or doc.trivy[0] != res.dockerfile.text or not doc.trivy[1]:
        return res
    import dataclasses

    from stanzalint.engine import document_order

    merged = sorted([*res.violations, *doc.trivy[1]], key=document_order)
    return dataclasses.replace(res, violations=merged)
