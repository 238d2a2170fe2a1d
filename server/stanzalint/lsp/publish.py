"""Publishing diagnostics: the ``Publisher`` and the JSON text of a
``textDocument/publishDiagnostics`` notification, built fast.

The ``Publisher`` pushes each open document's diagnostics after its lint (edits made meanwhile
coalesce into one publish of the newest text), or, for a client that pulls them, asks it to pull
again; and it runs the follow-ups that complete a publish off the edit path: ShellCheck for new
scripts and trivy on save.

A keystroke changes few diagnostics: most keep their code, message, range and fix. Each
diagnostic's JSON is kept, keyed by its whole content in LSP coordinates, and reused by the
next publish of the same document while that content is unchanged; what the last publish did
not use is dropped. The text is what the protocol's own serialisation of ``to_diagnostics``
gives (a test compares them), without building and unstructuring thousands of objects.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import TYPE_CHECKING, Any, Callable, Optional

from lsprotocol import types

from stanzalint.findings import Severity, Tag, Violation
from stanzalint.lsp import SOURCE
from stanzalint.lsp.diagnostics import SEVERITY, TAGS, fix_data
from stanzalint.lsp.positions import PositionMap

if TYPE_CHECKING:  # pragma: no cover
    from stanzalint.engine import LintResult
    from stanzalint.lsp.documents import Document, DocumentStore, Key
    from stanzalint.lsp.stanza_server import StanzaServer
    from stanzalint.syntax.model import Span

log = logging.getLogger("stanzalint.lsp")

Range = tuple[int, int, int, int]
#: a diagnostic's whole content in LSP coordinates: code, message, severity, tags, range, fix
#: (title, applicability, edits) and related information
ContentKey = tuple[
    str,
    str,
    Severity,
    tuple[Tag, ...],
    Range,
    Optional[tuple[str, str, tuple[tuple[Range, str], ...]]],
    Optional[tuple[tuple[Range, str], ...]],
]


def _range(positions: PositionMap, span: Span) -> Range:
    sl, sc = positions.position(span.start)
    if span.end == span.start:
        return sl, sc, sl, sc
    el, ec = positions.position(span.end)
    return sl, sc, el, ec


def _range_json(r: Range) -> dict[str, dict[str, int]]:
    return {"start": {"line": r[0], "character": r[1]}, "end": {"line": r[2], "character": r[3]}}


def _envelope(uri: str, version: int | None, diagnostics: list[str]) -> str:
    """The ``textDocument/publishDiagnostics`` notification around diagnostics already in JSON."""
    return (
        '{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":'
        + json.dumps(uri)
        + (',"version":' + json.dumps(version) if version is not None else "")
        + ',"diagnostics":['
        + ",".join(diagnostics)
        + "]}}"
    )


class DiagnosticEncoder:
    """One document's diagnostics as JSON, reusing each unchanged diagnostic's text."""

    def __init__(self) -> None:
        #: content key -> (JSON up to the version in ``data``, JSON after it)
        self._parts: dict[ContentKey, tuple[str, str]] = {}

    def notification(
        self,
        violations: list[Violation],
        positions: PositionMap,
        uri: str,
        version: int | None,
        urls: Callable[[str], str],
        related_support: bool = True,
    ) -> str:
        """The whole JSON-RPC notification; ``urls(code)`` gives a rule's documentation link. A
        diagnostic whose content the last notification had keeps its JSON."""
        previous = self._parts
        kept: dict[ContentKey, tuple[str, str]] = {}
        version_json = json.dumps(version)
        items: list[str] = []
        for v in violations:
            key = self._key(v, positions, related_support)
            parts = kept.get(key) or previous.get(key)
            if parts is None:
                parts = self._encode(v, key, positions, uri, urls(v.code))
            kept[key] = parts
            items.append(parts[0] + version_json + parts[1])
        self._parts = kept
        return _envelope(uri, version, items)

    @staticmethod
    def _key(v: Violation, positions: PositionMap, related_support: bool) -> ContentKey:
        fix = None
        if v.fix is not None and v.fix.edits:
            fix = (
                v.fix.title,
                v.fix.applicability.value,
                tuple((_range(positions, e.span), e.text) for e in v.fix.edits),
            )
        related = None
        if v.related and related_support:
            related = tuple((_range(positions, r.span), r.message) for r in v.related)
        return (v.code, v.message, v.severity, v.tags, _range(positions, v.span), fix, related)

    @staticmethod
    def _encode(v: Violation, key: ContentKey, positions: PositionMap, uri: str, url: str) -> tuple[str, str]:
        code, message, severity, tags, span_range, fix, related = key
        diagnostic: dict[str, Any] = {
            "range": _range_json(span_range),
            "message": message,
            "severity": SEVERITY.get(severity, 2),
            "code": code,
            "codeDescription": {"href": url},
            "source": SOURCE,
        }
        tag_values = [TAGS[t] for t in tags if t in TAGS]
        if tag_values:
            diagnostic["tags"] = tag_values
        if related:
            diagnostic["relatedInformation"] = [
                {"location": {"uri": uri, "range": _range_json(r)}, "message": m} for r, m in related
            ]
        head = json.dumps(diagnostic)[:-1] + ',"data":{"version":'
        tail = "}}"
        if fix is not None and v.fix is not None:
            tail = ',"fix":' + json.dumps(fix_data(v.fix, lambda span: _range_json(_range(positions, span)))) + "}}"
        return head, tail


class Publisher:
    """Sends the diagnostics of the server's open documents (push or pull refresh) and runs the
    ShellCheck and trivy follow-ups that complete them."""

    def __init__(self, server: StanzaServer) -> None:
        self.server = server
        self.trivy_problem_shown = False

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
            self.finish_shellcheck(doc, key, res)
            return

    def finish_shellcheck(self, doc: Document, key: Key, res: LintResult) -> None:
        """When ``res`` lacks ShellCheck findings for some script, get them in the background and
        publish (or, in pull mode, ask the client to pull) the merged list if still current."""
        if key not in doc.shellcheck_pending or doc.shellcheck_running == key:
            return
        doc.shellcheck_running = key
        asyncio.ensure_future(self._shellcheck_then_publish(doc, key, res))

    async def _shellcheck_then_publish(self, doc: Document, key: Key, res: LintResult) -> None:
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
        if self.server.pull_mode:
            self.ask_to_pull()
            return
        self.publish(doc, full)

    def publish(self, doc: Document, res: LintResult) -> None:
        """Push the diagnostics of ``res`` (the document's current version) to the client."""
        from stanzalint.engine import rule_url

        config = self.store.config_for(doc)
        urls: dict[str, str] = {}

        def url(code: str) -> str:
            found = urls.get(code)
            if found is None:
                found = urls[code] = rule_url(code, config)
            return found

        res = with_trivy(doc, res)
        body = doc.encoder.notification(
            res.violations, self.server.positions(res), doc.uri, doc.version, url, self.server.related_info
        )
        self.server.protocol.send_encoded(body)

    def ask_to_pull(self) -> None:
        """Ask a client that pulls diagnostics to pull them again (``workspace/diagnostic/refresh``)."""
        try:
            self.server.workspace_diagnostic_refresh(None)
        except Exception:
            log.exception("diagnostic refresh failed")

    def relint_all(self) -> None:
        """Settings or configuration files changed: lint and publish every open document again."""
        self.store.invalidate()
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
