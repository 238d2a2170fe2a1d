"""Publishing diagnostics: the ``Publisher`` and the JSON text of a
``textDocument/publishDiagnostics`` notification, built fast.

The ``Publisher`` pushes each open document's diagnostics after its lint (edits made meanwhile
coalesce into one publish of the newest text), or, for a client that pulls them, asks it to pull
again; and it runs the follow-ups that complete a publish off the edit path: ShellCheck for new
scripts, once the document has stayed unchanged for ``SHELLCHECK_IDLE`` seconds (while the user
types, each keystroke makes a new script, and a ShellCheck run for it would only take the CPU
from the next keystroke's lint), and trivy on save.

A keystroke changes few diagnostics: most keep their code, message, range and fix. Each
diagnostic's JSON is kept and reused by the next publish of the same document while its content
and its places are unchanged (``DiagnosticEncoder``: found by offsets, without working out a
line and character; a finding the lint shared with the last one, before the edit, is found by
identity, without looking at its content); what the last publish did not use is dropped. The text is what the
protocol's own serialisation of ``to_diagnostics`` gives (a test compares them), without
building and unstructuring thousands of objects.
"""

from __future__ import annotations

import asyncio
import bisect
import json
import logging
import sys
from typing import TYPE_CHECKING, Any, Callable, Optional

from lsprotocol import types

from stanzalint.findings import Applicability, Tag, Violation
from stanzalint.lsp import SOURCE
from stanzalint.lsp.diagnostics import SEVERITY, TAGS, fix_data
from stanzalint.lsp.positions import PositionMap
from stanzalint.lsp.protocol import EncodedResult

if TYPE_CHECKING:  # pragma: no cover
    from stanzalint.config import Config
    from stanzalint.engine import LintResult
    from stanzalint.lsp.documents import Document, DocumentStore, Key
    from stanzalint.lsp.stanza_server import StanzaServer
    from stanzalint.syntax.model import Span

log = logging.getLogger("stanzalint.lsp")

Range = tuple[int, int, int, int]
#: a diagnostic's whole content with its places as character offsets moved by a number (0, or
#: minus a text's length: offsets from its end): code, message, severity, tags, documentation
#: link, start, end, fix (title, applicability, edits as start, end, text), related places
OffsetKey = tuple[
    str,
    str,
    int,
    tuple[Tag, ...],
    str,
    int,
    int,
    Optional[tuple[str, Applicability, tuple[tuple[int, int, str], ...]]],
    Optional[tuple[tuple[int, int, str], ...]],
]
#: a diagnostic's JSON with ``VERSION`` where the version in its ``data`` goes
Parts = str
#: where a diagnostic's version goes in its JSON until the notification is written: a control
#: character, which ``json.dumps`` never leaves unescaped in the JSON it writes
VERSION = "\x00"
#: a finding the last notification sent from its offsets (its ``OffsetKey`` unmoved), with the
#: objects its JSON was made from (the finding, its span, message, severity, tags, fix, related
#: places and documentation link), its key, its JSON and the end of its last place: the same
#: finding holding the same objects (a finding's fields are replaced, never changed within) has
#: the same JSON while its places are before the edit
Sent = tuple[Violation, object, str, object, tuple[Tag, ...], object, object, str, OffsetKey, Parts, int]

#: common prefixes and suffixes are looked for a chunk at a time, then within the chunk
_CHUNK = 4096
#: seconds a document stays unchanged before ShellCheck runs for the scripts its lint had not
#: seen (a change meanwhile hands the follow-up to the newer version's publish)
SHELLCHECK_IDLE = 0.25


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
    """One document's diagnostics as JSON, reusing the JSON of each diagnostic whose content and
    LSP places the last notification had.

    A place's line and character stay what they were when the edit since the last notification
    is after it (its offset is before the texts' common prefix ends), or when the edit is before
    its line and did not change the number of lines (it is on a line that starts after the edit
    and keeps its distance from the end of the text). So each diagnostic is looked up by its
    offsets alone: among the last notification's diagnostics before the edit by its offsets, and
    among those after it by its offsets from the end of the text, with no line or character
    worked out; only a diagnostic over the edited lines, or after an edit that added or removed
    lines, is encoded again."""

    def __init__(self) -> None:
        self._text = ""
        self._lines = 0
        #: (uri, position encoding, related information sent) of the last notification
        self._context: tuple[str, str, bool] | None = None
        #: the last notification's diagnostics by their offsets, and by their offsets from the end
        self._head: dict[OffsetKey, Parts] = {}
        self._tail: dict[OffsetKey, Parts] = {}
        #: the findings it sent from ``_head``, by identity (holding them keeps their ids theirs)
        self._sent: dict[int, Sent] = {}

    def notification(
        self,
        violations: list[Violation],
        positions: PositionMap,
        uri: str,
        version: int | None,
        urls: Callable[[str], str],
        related_support: bool = True,
    ) -> str:
        """The whole JSON-RPC notification; ``urls(code)`` gives a rule's documentation link."""
        marked = self._marked(violations, positions, uri, urls, related_support)
        return _envelope(uri, version, marked).replace(VERSION, json.dumps(version))

    def array(
        self,
        violations: list[Violation],
        positions: PositionMap,
        uri: str,
        version: int | None,
        urls: Callable[[str], str],
        related_support: bool = True,
    ) -> str:
        """The diagnostics as a JSON array, as ``to_diagnostics`` makes them (``version`` in
        their data)."""
        marked = self._marked(violations, positions, uri, urls, related_support)
        return ("[" + ",".join(marked) + "]").replace(VERSION, json.dumps(version))

    def _marked(
        self,
        violations: list[Violation],
        positions: PositionMap,
        uri: str,
        urls: Callable[[str], str],
        related_support: bool,
    ) -> list[Parts]:
        """Each diagnostic's JSON, with ``VERSION`` for its version."""
        text = positions.text
        length = len(text)
        context = (uri, positions.encoding, related_support)
        old_head, old_tail, old_sent, old_length = self._head, self._tail, self._sent, len(self._text)
        if context == self._context:
            before, after = self._unmoved(text, positions)
        else:
            before, after, old_head, old_tail, old_sent = 0, sys.maxsize, {}, {}, {}
        head: dict[OffsetKey, Parts] = {}
        tail: dict[OffsetKey, Parts] = {}
        sent: dict[int, Sent] = {}
        links: dict[str, str] = {}
        items: list[str] = []
        for v in violations:
            url = links.get(v.code)
            if url is None:
                url = links[v.code] = urls(v.code)
            known = old_sent.get(id(v))
            if (
                known is not None
                and known[10] < before
                and known[0] is v
                and known[1] is v.span
                and known[2] is v.message
                and known[3] is v.severity
                and known[4] is v.tags
                and known[5] is v.fix
                and known[6] is v.related
                and known[7] is url
            ):
                head[known[8]] = known[9]
                sent[id(v)] = known
                items.append(known[9])
                continue
            if v.fix is None and not v.related:
                first, last = v.span.start, v.span.end
            else:
                first, last = _extent(v, related_support)
            if last < before:
                key = _offset_key(v, url, 0, related_support)
                parts = old_head.get(key) or old_tail.get(_offset_key(v, url, -old_length, related_support))
                store = head
            elif first >= after:
                key = _offset_key(v, url, -length, related_support)
                parts = old_tail.get(key) or old_head.get(_offset_key(v, url, old_length - length, related_support))
                store = tail
            else:
                key = _offset_key(v, url, 0, related_support)
                parts, store = None, head
            if parts is None:
                parts = _encode(v, positions, uri, url, related_support)
            store[key] = parts
            if store is head:
                sent[id(v)] = (v, v.span, v.message, v.severity, v.tags, v.fix, v.related, url, key, parts, last)
            items.append(parts)
        self._text, self._lines, self._context = text, len(positions.line_starts), context
        self._head, self._tail, self._sent = head, tail, sent
        return items

    def _unmoved(self, text: str, positions: PositionMap) -> tuple[int, int]:
        """(before, after): an offset below ``before`` has the line and character the same offset
        had in the last notification's text; one at or above ``after``, those of the offset as
        far from that text's end."""
        old = self._text
        if old == text:
            return len(text) + 1, 0
        before = common_prefix(old, text)
        edit_end = len(text) - common_suffix(old, text, before)
        starts = positions.line_starts
        if len(starts) != self._lines:
            return before, sys.maxsize
        following = bisect.bisect_right(starts, edit_end)
        return before, starts[following] if following < len(starts) else sys.maxsize


def _extent(v: Violation, related_support: bool) -> tuple[int, int]:
    """The first and last offsets of a diagnostic's places: its range, its fix's edits and the
    related places it sends."""
    first, last = v.span.start, v.span.end
    if v.fix is not None:
        for edit in v.fix.edits:
            first, last = min(first, edit.span.start), max(last, edit.span.end)
    if related_support:
        for r in v.related:
            first, last = min(first, r.span.start), max(last, r.span.end)
    return first, last


def _offset_key(v: Violation, url: str, by: int, related_support: bool) -> OffsetKey:
    """What makes a diagnostic's JSON, with its offsets moved ``by``."""
    fix = None
    if v.fix is not None and v.fix.edits:
        fix = (
            v.fix.title,
            v.fix.applicability,
            tuple((e.span.start + by, e.span.end + by, e.text) for e in v.fix.edits),
        )
    related = None
    if v.related and related_support:
        related = tuple((r.span.start + by, r.span.end + by, r.message) for r in v.related)
    # the severity as its number: an int hashes in C, an enum member through Python
    return (v.code, v.message, int(v.severity), v.tags, url, v.span.start + by, v.span.end + by, fix, related)


def _encode(v: Violation, positions: PositionMap, uri: str, url: str, related_support: bool) -> Parts:
    """A diagnostic's JSON, as the protocol's serialisation of ``to_diagnostic`` writes it, with
    ``VERSION`` for its version."""
    diagnostic: dict[str, Any] = {
        "range": _range_json(_range(positions, v.span)),
        "message": v.message,
        "severity": SEVERITY.get(v.severity, 2),
        "code": v.code,
        "codeDescription": {"href": url},
        "source": SOURCE,
    }
    tag_values = [TAGS[t] for t in v.tags if t in TAGS]
    if tag_values:
        diagnostic["tags"] = tag_values
    if v.related and related_support:
        diagnostic["relatedInformation"] = [
            {"location": {"uri": uri, "range": _range_json(_range(positions, r.span))}, "message": r.message}
            for r in v.related
        ]
    head = json.dumps(diagnostic)[:-1] + ',"data":{"version":' + VERSION
    if v.fix is not None and v.fix.edits:
        return head + ',"fix":' + json.dumps(fix_data(v.fix, lambda span: _range_json(_range(positions, span)))) + "}}"
    return head + "}}"


def common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix of ``a`` and ``b``."""
    limit = min(len(a), len(b))
    start = 0
    while start < limit:
        stop = min(start + _CHUNK, limit)
        if a[start:stop] != b[start:stop]:
            equal, unequal = start, stop  # a[start:equal] == b[start:equal], not so up to unequal
            while unequal - equal > 1:
                middle = (equal + unequal) // 2
                if a[start:middle] == b[start:middle]:
                    equal = middle
                else:
                    unequal = middle
            return equal
        start = stop
    return limit


def common_suffix(a: str, b: str, prefix: int = 0) -> int:
    """The length of the longest common suffix of ``a`` and ``b`` that leaves their first
    ``prefix`` characters out."""
    limit = min(len(a), len(b)) - prefix
    length = 0
    while length < limit:
        longer = min(length + _CHUNK, limit)
        if a[len(a) - longer : len(a) - length] != b[len(b) - longer : len(b) - length]:
            equal, unequal = length, longer  # the last ``equal`` characters agree, not the last ``unequal``
            while unequal - equal > 1:
                middle = (equal + unequal) // 2
                if a[len(a) - middle : len(a) - length] == b[len(b) - middle : len(b) - length]:
                    equal = middle
                else:
                    unequal = middle
            return equal
        length = longer
    return limit


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
            full = await self.store.shellcheck_result(doc, key, res)
        except Exception:
            log.exception("ShellCheck failed for %s", doc.uri)
            return
        finally:
            if doc.shellcheck_running == key:
                doc.shellcheck_running = None
        if full is None or self.store.docs.get(doc.uri) is not doc or self.store.key(doc) != key:
            return  # the document changed: its newer lint publishes instead
        if self.server.shut_down:
            return
        if self.server.pull_mode:
            self.ask_to_pull()
            return
        self.publish(doc, full)

    def publish(self, doc: Document, res: LintResult) -> None:
        """Push the diagnostics of ``res`` (the document's current version) to the client."""
        res = with_trivy(doc, res)
        body = doc.encoder.notification(
            res.violations,
            self.server.positions(res),
            doc.uri,
            doc.version,
            self._links(self.store.config_for(doc)),
            self.server.related_info,
        )
        self.server.protocol.send_encoded(body)

    def report(self, doc: Document, res: LintResult, result_id: str) -> EncodedResult:
        """The full report of a pull of the diagnostics of ``res`` (the document's current
        version), as JSON: the same diagnostics a push would send, from the same encoder."""
        res = with_trivy(doc, res)
        items = doc.encoder.array(
            res.violations,
            self.server.positions(res),
            doc.uri,
            doc.version,
            self._links(self.store.config_for(doc)),
            self.server.related_info,
        )
        return EncodedResult('{"items":' + items + ',"kind":"full","resultId":' + json.dumps(result_id) + "}")

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
