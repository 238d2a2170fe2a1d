"""``--format sonarqube``: SonarQube's generic external issues report (``sonar.externalIssuesReportPaths``).

The format of SonarQube 10.3 and later: the rules that fired (``rules``: name, description with
the rule's link, clean-code attribute, impacts) and the issues (``issues``). SonarQube counts
columns from 0 and ends a range before ``endColumn``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from stanzalint.findings import Severity, Violation
from stanzalint.output import FileReport, location
from stanzalint.security import is_security_rule

ENGINE_ID = "stanzalint"
_IMPACT_SEVERITY = {Severity.ERROR: "HIGH", Severity.WARNING: "MEDIUM", Severity.INFO: "LOW", Severity.STYLE: "LOW"}


def _rule(v: Violation, url: str) -> dict[str, Any]:
    """A rule object: security rules are SECURITY/TRUSTWORTHY, style ones MAINTAINABILITY/CONVENTIONAL,
    the others RELIABILITY/LOGICAL."""
    from stanzalint import rules as registry

    meta = registry.meta_for(v.code)
    if is_security_rule(v.code):
        quality, attribute = "SECURITY", "TRUSTWORTHY"
    elif v.severity is Severity.STYLE:
        quality, attribute = "MAINTAINABILITY", "CONVENTIONAL"
    else:
        quality, attribute = "RELIABILITY", "LOGICAL"
    summary = meta.summary if meta is not None and meta.summary else v.name
    return {
        "id": v.code,
        "name": f"{v.code} {v.name}".strip(),
        "description": f"{summary} See {url}",
        "engineId": ENGINE_ID,
        "cleanCodeAttribute": attribute,
        "impacts": [{"softwareQuality": quality, "severity": _IMPACT_SEVERITY[v.severity]}],
    }


def text_range(report: FileReport, v: Violation) -> dict[str, int]:
    """SonarQube's range: 0-based columns; an empty span (SonarQube refuses those) marks its line."""
    loc = location(report.lines, v.span)
    if v.span.start >= v.span.end:
        return {"startLine": loc.line}
    return {
        "startLine": loc.line,
        "endLine": loc.end_line,
        "startColumn": loc.column - 1,
        "endColumn": loc.end_column - 1,
    }


def format_sonarqube(reports: Sequence[FileReport], url_for, **_: Any) -> str:
    rules: dict[str, dict[str, Any]] = {}
    issues: list[dict[str, Any]] = []
    for report in reports:
        for v in report.violations:
            if v.code not in rules:
                rules[v.code] = _rule(v, url_for(v.code))
            location_ = {
                "message": v.message,
                "filePath": report.path.replace("\\", "/"),
                "textRange": text_range(report, v),
            }
            issues.append({"ruleId": v.code, "primaryLocation": location_})
    return json.dumps({"rules": list(rules.values()), "issues": issues}, indent=2, ensure_ascii=False) + "\n"
