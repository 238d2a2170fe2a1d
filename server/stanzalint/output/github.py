"""``--format github``: GitHub Actions workflow commands that annotate the changed lines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from stanzalint.findings import Severity
from stanzalint.output import FileReport, location

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice", Severity.STYLE: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(reports: Sequence[FileReport], url_for, **_: Any) -> str:
    lines: list[str] = []
    for report in reports:
        for v in report.violations:
            loc = location(report.lines, v.span)
            props = (
                f"file={_escape_property(report.path)},line={loc.line},col={loc.column},"
                f"endLine={loc.end_line},endColumn={loc.end_column},"
                f"title={_escape_property(f'{v.code} {v.name}')}"
            )
            lines.append(f"::{_LEVEL[v.severity]} {props}::{_escape_data(f'{v.code} {v.message}')}")
    return "\n".join(lines) + ("\n" if lines else "")
