"""``--format sarif``: a SARIF 2.1.0 log with one run, the rules that fired, and their fixes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from stanzalint import __version__
from stanzalint.findings import Severity, Violation
from stanzalint.output import FileReport, location
from stanzalint.security import security_severity

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note", Severity.STYLE: "note"}


def _region(report: FileReport, span) -> dict[str, int]:
    loc = location(report.lines, span)
    return {"startLine": loc.line, "startColumn": loc.column, "endLine": loc.end_line, "endColumn": loc.end_column}


def _artifact_uri(path: str) -> str:
    return path.replace("\\", "/")


def rule_descriptor(v: Violation, url: str) -> dict[str, Any]:
    """A ``reportingDescriptor`` that carries the rule's whole page, so a viewer needs no website:
    summary, what it does, the page as help, tags (origin, practice, security) and, for security
    rules, GitHub's ``security-severity``."""
    from stanzalint import rules as registry
    from stanzalint.docs import description, render_rule_with_link

    meta = registry.meta_for(v.code)
    if meta is None:  # an image vulnerability from trivy: its message is all there is
        short, full, page, level = v.name or v.code, v.message, f"{v.code}: {v.message}\n\n{url}", _LEVEL[v.severity]
        tags = ["vulnerability", "security"]
    else:
        short = meta.summary or meta.name
        full = description(meta)
        page = render_rule_with_link(meta, url) + "\n"
        level = _LEVEL[meta.severity]
        tags = [t for t in (meta.origin, meta.practice and f"practice-{meta.practice}") if t]
    descriptor: dict[str, Any] = {
        "id": v.code,
        "name": v.name or v.code,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": page, "markdown": page},
        "helpUri": url,
        "defaultConfiguration": {"level": level},
        "properties": {"tags": tags},
    }
    score = security_severity(v.code)
    if score is not None:
        descriptor["properties"]["tags"].append("security")
        descriptor["properties"]["security-severity"] = f"{score:.1f}"
    return descriptor


def format_sarif(reports: Sequence[FileReport], url_for, base_url: str = "", **_: Any) -> str:
    """The log; ``base_url`` is the rules' index page (the tool's ``informationUri``)."""
    from stanzalint.engine import docs_index_url

    rule_index: dict[str, int] = {}
    rules: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for report in reports:
        for v in report.violations:
            if v.code not in rule_index:
                rule_index[v.code] = len(rules)
                rules.append(rule_descriptor(v, url_for(v.code)))
            result: dict[str, Any] = {
                "ruleId": v.code,
                "ruleIndex": rule_index[v.code],
                "level": _LEVEL[v.severity],
                "message": {"text": v.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _artifact_uri(report.path)},
                            "region": _region(report, v.span),
                        }
                    }
                ],
            }
            if v.related:
                result["relatedLocations"] = [
                    {
                        "id": i,
                        "message": {"text": rel.message},
                        "physicalLocation": {
                            "artifactLocation": {"uri": _artifact_uri(report.path)},
                            "region": _region(report, rel.span),
                        },
                    }
                    for i, rel in enumerate(v.related)
                ]
            if v.fix is not None:
                result["fixes"] = [
                    {
                        "description": {"text": v.fix.title},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": _artifact_uri(report.path)},
                                "replacements": [
                                    {"deletedRegion": _region(report, e.span), "insertedContent": {"text": e.text}}
                                    for e in v.fix.edits
                                ],
                            }
                        ],
                    }
                ]
            results.append(result)
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "stanzalint",
                        "version": __version__,
                        "informationUri": base_url or docs_index_url(),
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
