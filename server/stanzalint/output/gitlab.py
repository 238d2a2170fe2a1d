"""``--format gitlab``: GitLab's Code Quality report (``artifacts: reports: codequality``).

A JSON array of CodeClimate-style issues. GitLab tells new findings from old ones by their
fingerprint, so a fingerprint must survive edits elsewhere in the file: it is made from the
file, the rule and the flagged text (the n-th finding of the same rule on the same text in the
same file keeps its n), never from the line number.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any

from stanzalint.findings import Severity, Violation
from stanzalint.output import FileReport, location
from stanzalint.security import is_security_rule

#: GitLab's levels are info, minor, major, critical and blocker.
_SEVERITY = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "minor", Severity.STYLE: "info"}


def flagged_text(report: FileReport, v: Violation) -> str:
    """The text a finding points at, whitespace collapsed; its whole line when the span is empty."""
    text = report.lines.text[v.span.start : v.span.end]
    if not text.strip():
        line, _ = report.lines.position(v.span.start)
        text = report.lines.line_text(line)
    return re.sub(r"\s+", " ", text).strip()


def fingerprints(report: FileReport) -> list[str]:
    """One fingerprint per violation of ``report``, in order."""
    seen: dict[tuple[str, str], int] = {}
    out: list[str] = []
    for v in report.violations:
        key = (v.code, flagged_text(report, v))
        seen[key] = seen.get(key, 0) + 1
        material = "\0".join((report.path.replace("\\", "/"), v.code, key[1], str(seen[key])))
        out.append(hashlib.sha256(material.encode("utf-8")).hexdigest())
    return out


def categories(v: Violation) -> list[str]:
    """CodeClimate's category: Security, Performance (layers, caches, stages), Style or Bug Risk."""
    from stanzalint import rules as registry

    meta = registry.meta_for(v.code)
    if is_security_rule(v.code):
        return ["Security"]
    if v.severity is Severity.STYLE:
        return ["Style"]
    if meta is not None and meta.practice in ("c", "d", "f", "i"):
        return ["Performance"]
    return ["Bug Risk"]


def format_gitlab(reports: Sequence[FileReport], url_for, **_: Any) -> str:
    issues: list[dict[str, Any]] = []
    for report in reports:
        for v, fingerprint in zip(report.violations, fingerprints(report)):
            loc = location(report.lines, v.span)
            issues.append(
                {
                    "type": "issue",
                    "check_name": v.code,
                    "description": f"{v.code} {v.message}",
                    "content": {"body": f"[{v.code} {v.name}]({url_for(v.code)})"},
                    "categories": categories(v),
                    "severity": _SEVERITY[v.severity],
                    "fingerprint": fingerprint,
                    "location": {
                        "path": report.path.replace("\\", "/"),
                        "lines": {"begin": loc.line, "end": loc.end_line},
                    },
                }
            )
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
