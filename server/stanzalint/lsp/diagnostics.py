"""Violations -> LSP diagnostics. A diagnostic with a fix has the document version in its
``data``: its quick fix is that version's lint's (``actions.quick_fixes``), a lint the server
keeps, so a code action never re-lints. The fix itself stays on the server (the notification is
sent at every keystroke; a quick fix is asked for now and then); a diagnostic without a fix has
no ``data``.

A diagnostic links its rule's documentation (``codeDescription``) only for a client that declared
``codeDescriptionSupport``: the link is the largest part of a diagnostic, sent at every keystroke.
The ``data`` goes to every client, whether it declared ``dataSupport`` or not: a client that
sends it back gets its quick fixes, one that does not gets none, as before."""

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
    v: Violation, positions: PositionMap, uri: str, version: int | None, url: str | None, related_support: bool = True
) -> types.Diagnostic:
    """The diagnostic of ``v``, linking ``url`` (no link when None)."""
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
        code_description=types.CodeDescription(href=url) if url is not None else None,
        source=SOURCE,
        tags=tags,
        related_information=related,
        data=data,
    )


def to_diagnostics(
    result: LintResult,
    encoding: str,
    uri: str,
    version: int | None,
    config: Config,
    related_support: bool = True,
    code_descriptions: bool = True,
) -> list[types.Diagnostic]:
    """The diagnostics of ``result``; with ``code_descriptions``, each links its rule's page."""
    from stanzalint.engine import rule_url

    positions = PositionMap(result.dockerfile.lines, encoding)
    urls: dict[str, str] = {}
    out = []
    for v in result.violations:
        url = urls.get(v.code)
        if url is None and code_descriptions:
            url = urls[v.code] = rule_url(v.code, config)
        out.append(to_diagnostic(v, positions, uri, version, url, related_support))
    return out
