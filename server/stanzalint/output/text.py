"""``--format text``: one line per finding, then a summary of counts and what ``--fix`` can do."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from stanzalint.findings import Severity
from stanzalint.output import FileReport, location

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36", Severity.STYLE: "2"}


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def format_text(
    reports: Sequence[FileReport], url_for, colour: bool = False, show_source: bool = False, **_: Any
) -> str:
    out: list[str] = []
    total = safe = unsafe = 0
    for report in reports:
        for v in report.violations:
            total += 1
            loc = location(report.lines, v.span)
            marker = ""
            if v.fix is not None:
                if v.fix.is_safe:
                    safe += 1
                    marker = " [*]"
                else:
                    unsafe += 1
                    marker = " [unsafe fix]"
            where = f"{report.path}:{loc.line}:{loc.column}:"
            out.append(
                f"{_paint(where, '1', colour)} {_paint(v.code, _COLOURS[v.severity], colour)}"
                f"{marker} {v.message} ({v.severity.label}, {v.name})"
            )
            if show_source:
                line_text = report.lines.line_text(loc.line - 1)
                width = max(
                    1, (loc.end_column - loc.column) if loc.end_line == loc.line else len(line_text) - loc.column + 1
                )
                out.append(f"  {loc.line:>4} | {line_text}")
                out.append(f"       | {' ' * (loc.column - 1)}{'^' * width}")
    if total:
        noun = "problem" if total == 1 else "problems"
        summary = f"Found {total} {noun}"
        extras = []
        if safe:
            extras.append(f"{safe} fixable with --fix")
        if unsafe:
            extras.append(f"{unsafe} more with --fix --unsafe-fixes")
        if extras:
            summary += " (" + "; ".join(extras) + ")"
        out.append(summary + ".")
    else:
        out.append("All checks passed.")
    return "\n".join(out) + "\n"
