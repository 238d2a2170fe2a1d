"""``--format gnu``: ``file:line:column: severity: message [CODE]``, one line per finding.

The GNU coding standards' error format: Emacs' compilation buffers, Vim's quickfix list and
most editors' "problem matchers" read it. Severities are ``error``, ``warning`` and ``note``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from stanzalint.findings import Severity, Violation
from stanzalint.output import FileReport, location

_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note", Severity.STYLE: "note"}


def gnu_line(report: FileReport, v: Violation) -> str:
    """One finding as ``file:line:column: severity: message [CODE]``."""
    loc = location(report.lines, v.span)
    message = " ".join(v.message.split())  # one finding, one line
    return f"{report.path}:{loc.line}:{loc.column}: {_SEVERITY[v.severity]}: {message} [{v.code}]"


def format_gnu(reports: Sequence[FileReport], url_for, **_: Any) -> str:
    return "".join(gnu_line(report, v) + "\n" for report in reports for v in report.violations)
