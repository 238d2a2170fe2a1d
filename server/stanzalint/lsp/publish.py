"""The JSON text of a ``textDocument/publishDiagnostics`` notification, built fast.

A keystroke changes few diagnostics: most keep their code, message, range and fix. Each
diagnostic's JSON is kept, keyed by its whole content in LSP coordinates, and reused by the
next publish of the same document while that content is unchanged; what the last publish did
not use is dropped. The text is what the protocol's own serialisation of ``to_diagnostics``
gives (a test compares them), without building and unstructuring thousands of objects.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple

from stanzalint.lsp import SOURCE
from stanzalint.lsp.diagnostics import SEVERITY, TAGS, fix_data
from stanzalint.lsp.positions import PositionMap
from stanzalint.findings import Violation

Range = Tuple[int, int, int, int]


def _range(positions: PositionMap, span: Any) -> Range:
    sl, sc = positions.position(span.start)
    if span.end == span.start:
        return sl, sc, sl, sc
    el, ec = positions.position(span.end)
    return sl, sc, el, ec


def _range_json(r: Range) -> Dict[str, Any]:
    return {"start": {"line": r[0], "character": r[1]}, "end": {"line": r[2], "character": r[3]}}


class DiagnosticEncoder:
    """One document's diagnostics as JSON, reusing each unchanged diagnostic's text."""

    def __init__(self) -> None:
        #: content key -> (JSON up to the version in ``data``, JSON after it)
        self._parts: Dict[Tuple[Any, ...], Tuple[str, str]] = {}

    def notification(self, violations: List[Violation], positions: PositionMap, uri: str,
                     version: Optional[int], urls: Any, related_support: bool = True) -> str:
        """The whole JSON-RPC notification; ``urls(code)`` gives a rule's documentation link."""
        items = self.diagnostics(violations, positions, uri, version, urls, related_support)
        return ('{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":'
                + json.dumps(uri) + (',"version":' + json.dumps(version) if version is not None else "")
                + ',"diagnostics":[' + ",".join(items) + "]}}")

    def diagnostics(self, violations: List[Violation], positions: PositionMap, uri: str,
                    version: Optional[int], urls: Any, related_support: bool = True) -> List[str]:
        """Each violation's diagnostic as JSON text."""
        previous = self._parts
        kept: Dict[Tuple[Any, ...], Tuple[str, str]] = {}
        version_json = json.dumps(version)
        out: List[str] = []
        for v in violations:
            key = self._key(v, positions, related_support)
            parts = kept.get(key) or previous.get(key)
            if parts is None:
                parts = self._encode(v, key, positions, uri, urls(v.code))
            kept[key] = parts
            out.append(parts[0] + version_json + parts[1])
        self._parts = kept
        return out

    @staticmethod
    def _key(v: Violation, positions: PositionMap, related_support: bool) -> Tuple[Any, ...]:
        fix = None
        if v.fix is not None and v.fix.edits:
            fix = (v.fix.title, v.fix.applicability.value,
                   tuple((_range(positions, e.span), e.text) for e in v.fix.edits))
        related = None
        if v.related and related_support:
            related = tuple((_range(positions, r.span), r.message) for r in v.related)
        return (v.code, v.message, v.severity, v.tags, _range(positions, v.span), fix, related)

    @staticmethod
    def _encode(v: Violation, key: Tuple[Any, ...], positions: PositionMap, uri: str, url: str) -> Tuple[str, str]:
        code, message, severity, tags, span_range, fix, related = key
        diagnostic: Dict[str, Any] = {
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
        if fix is not None:
            tail = ',"fix":' + json.dumps(fix_data(v.fix, lambda span: _range_json(_range(positions, span)))) + "}}"
        return head, tail
