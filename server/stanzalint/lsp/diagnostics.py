"""Violations -> LSP diagnostics. A diagnostic with a fix has the document version in its
``data``: its quick fix is that version's lint's (``actions.quick_fixes``), a lint the server
keeps, so a code action never re-lints. The fix itself stays on the server (the notification is
sent at every keystroke; a quick fix is asked for now and then); a diagnostic without a fix has
no ``data``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from stanzalint.findings import Severity, Tag, Violation
from stanzalint.lsp import SOURCE
from stanzalint.lsp.positions import PositionMap
from stanzalint.lsp.ranges import lsp_range, range_json

if TYPE_CHECKING:
    from stanzalint.config import Config
    from stanzalint.engine import LintResult

__all__ = ["SEVERITY", "SOURCE", "TAGS", "lsp_range", "range_json", "to_diagnostic", "to_diagnostics"]

SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
    Severity.STYLE: types.DiagnosticSeverity.Hint,
}
TAGS = {Tag.UNNECESSARY: types.DiagnosticTag.Unnecessary, Tag.DEPRECATED: types.DiagnosticTag.Deprecated}


def to_diagnostic(
    v: Violation, positions: PositionMap, uri: str, version: int | None, url: str, related_support: bool = True
) -> types.Diagnostic:
    data = {"version": version} if v.fix is not None and v.fix.edits else None
    related = None
    if v.related and related_support:
        related = [
            types.DiagnosticRelatedInformation(types.Location(uri, lsp_range(positions, r.span)), r.message)
            for r in v.related
        ]
    tags = [TAGS[t] for t in v.tags if t in TAGS] or None
    return types.Diagnostic(
        range=lsp_range(positions, v.span),
        message=v.message,
        severity=SEVERITY.get(v.severity, types.DiagnosticSeverity.Warning),
        code=v.code,
        code_description=types.CodeDescription(href=url),
        source=SOURCE,
        tags=tags,
        related_information=related,
        data=data,
    )


def to_diagnostics(
    result: LintResult, encoding: str, uri: str, version: int | None, config: Config, related_support: bool = True
) -> list[types.Diagnostic]:
    from stanzalint.engine import rule_url

    positions = PositionMap(result.dockerfile.lines, encoding)
    urls: dict[str, str] = {}
    out = []
    for v in result.violations:
        url = urls.get(v.code)
        if url is None:
            url = urls[v.code] = rule_url(v.code, config)
        out.append(to_diagnostic(v, positions, uri, version, url, related_support))
    return out
