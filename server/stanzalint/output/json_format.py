"""``--format json``: one JSON array, one object per finding (the contract of docs/architecture.md, field for field)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from stanzalint.output import FileReport, location


def records(reports: Sequence[FileReport], url_for) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for report in reports:
        for v in report.violations:
            loc = location(report.lines, v.span)
            fix: dict[str, Any] | None = None
            if v.fix is not None:
                edits = []
                for edit in v.fix.edits:
                    eloc = location(report.lines, edit.span)
                    edits.append(
                        {
                            "line": eloc.line,
                            "column": eloc.column,
                            "end_line": eloc.end_line,
                            "end_column": eloc.end_column,
                            "text": edit.text,
                        }
                    )
                fix = {"title": v.fix.title, "applicability": v.fix.applicability.value, "edits": edits}
            out.append(
                {
                    "file": report.path,
                    "code": v.code,
                    "name": v.name,
                    "severity": v.severity.label,
                    "message": v.message,
                    "url": url_for(v.code),
                    "line": loc.line,
                    "column": loc.column,
                    "end_line": loc.end_line,
                    "end_column": loc.end_column,
                    "fix": fix,
                }
            )
    return out


def format_json(reports: Sequence[FileReport], url_for, **_: Any) -> str:
    return json.dumps(records(reports, url_for), indent=2, ensure_ascii=False) + "\n"
