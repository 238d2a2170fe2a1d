"""The CI formats (gitlab, checkstyle, junit, sonarqube, gnu): each is fed to its consumer's own
schema or parser, and says exactly where each finding is."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from xml.etree import ElementTree as ET

import jsonschema
import junitparser
import pytest
from stanzalint.config import Config
from stanzalint.engine import lint, rule_url
from stanzalint.findings import Severity, Violation
from stanzalint.output import FileReport, formatter
from stanzalint.syntax.model import LineIndex, Span

TEXT = "FROM ubuntu\nMAINTAINER Zoë 🐳 <z@example.com>\nUSER root\n"


def report(text=TEXT, path="svc/Dockerfile", select=("DL3006", "DL4000", "DL3002")):
    result = lint(text, Config(shellcheck=False, select=list(select)))
    return FileReport(path, LineIndex(text), result.violations)


def render(name, *reports):
    return formatter(name)(list(reports), rule_url)


# --- gitlab ----------------------------------------------------------------------------------

#: GitLab's Code Quality report, as its documentation specifies it ("Code Quality report format"):
#: an array of issues; description, check_name, fingerprint, severity and location.path are
#: required, and the line is location.lines.begin (or location.positions.begin.line).
GITLAB_CODE_QUALITY_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "type": {"const": "issue"},
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "categories": {
                "type": "array",
                "items": {
                    "enum": [
                        "Bug Risk",
                        "Clarity",
                        "Compatibility",
                        "Complexity",
                        "Duplication",
                        "Performance",
                        "Security",
                        "Style",
                    ]
                },
            },
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "not": {"pattern": "^(/|\\./)"}},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {
                            "begin": {"type": "integer", "minimum": 1},
                            "end": {"type": "integer", "minimum": 1},
                        },
                    },
                },
            },
        },
    },
}


def test_gitlab_report_passes_gitlabs_format():
    issues = json.loads(render("gitlab", report()))
    jsonschema.validate(issues, GITLAB_CODE_QUALITY_SCHEMA)
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues] == [
        ("DL3006", "major", {"path": "svc/Dockerfile", "lines": {"begin": 1, "end": 1}}),
        ("DL4000", "critical", {"path": "svc/Dockerfile", "lines": {"begin": 2, "end": 2}}),
        ("DL3002", "major", {"path": "svc/Dockerfile", "lines": {"begin": 3, "end": 3}}),
    ]
    assert issues[0]["description"] == "DL3006 Tag the image `ubuntu` with the version you build against"
    assert issues[2]["categories"] == ["Security"]
    assert json.loads(render("gitlab", report("FROM ubuntu:24.04\n"))) == []


def test_the_schema_is_not_a_rubber_stamp():
    issue = json.loads(render("gitlab", report()))[0]
    for broken in ({**issue, "severity": "warning"}, {k: v for k, v in issue.items() if k != "fingerprint"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate([broken], GITLAB_CODE_QUALITY_SCHEMA)


def fingerprints(text, path="Dockerfile"):
    return {
        (i["check_name"], i["location"]["lines"]["begin"]): i["fingerprint"]
        for i in json.loads(render("gitlab", report(text, path)))
    }


def test_fingerprints_survive_unrelated_edits():
    before = fingerprints("FROM ubuntu\nRUN make\nFROM debian\n")
    after = fingerprints("# a comment\nFROM ubuntu\n\nRUN make install\nFROM debian\n")
    assert sorted(before) == [("DL3006", 1), ("DL3006", 3)]
    assert sorted(after) == [("DL3006", 2), ("DL3006", 5)]
    assert (after[("DL3006", 2)], after[("DL3006", 5)]) == (before[("DL3006", 1)], before[("DL3006", 3)])


def test_fingerprints_tell_findings_apart():
    same_text_twice = fingerprints("FROM ubuntu\nFROM ubuntu\n")
    assert len(set(same_text_twice.values())) == 2
    assert fingerprints("FROM ubuntu\n") != fingerprints("FROM debian\n")
    assert fingerprints("FROM ubuntu\n") != fingerprints("FROM ubuntu\n", path="other/Dockerfile")


# --- checkstyle ------------------------------------------------------------------------------

CHECKSTYLE_SEVERITIES = {"error", "warning", "info", "ignore"}


def parse_xml(text):
    """A strict parse: a malformed document raises."""
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def test_checkstyle_is_valid_xml_with_checkstyles_elements():
    clean = report("FROM ubuntu:24.04\n", path="clean/Dockerfile")
    root = parse_xml(render("checkstyle", report(), clean))
    assert (root.tag, set(root.attrib)) == ("checkstyle", {"version"})
    files = list(root)
    assert [(f.tag, f.attrib) for f in files] == [
        ("file", {"name": "svc/Dockerfile"}),
        ("file", {"name": "clean/Dockerfile"}),
    ]
    errors = list(files[0])
    for error in errors:
        assert error.tag == "error" and set(error.attrib) == {"line", "column", "severity", "message", "source"}
        assert error.get("severity") in CHECKSTYLE_SEVERITIES
    assert [(e.get("line"), e.get("column"), e.get("severity"), e.get("source")) for e in errors] == [
        ("1", "6", "warning", "stanzalint.DL3006"),
        ("2", "1", "error", "stanzalint.DL4000"),
        ("3", "6", "warning", "stanzalint.DL3002"),
    ]
    assert errors[0].get("message") == (
        "Tag the image `ubuntu` with the version you build against (untagged-base-image: https://github.com/stanzalint/stanzalint/blob/main/docs/rules/DL3006.md)"
    )
    assert list(files[1]) == []


def control_character_report():
    """A finding whose message carries characters XML cannot: the file's own bytes reach messages."""
    text = "FROM ubuntu\n"
    bad = Violation(
        "DL3006", Span(5, 11), "Tag the image `ub\x1buntu\x00`", Severity.WARNING, name="untagged-base-image"
    )
    return FileReport("Dockerfile", LineIndex(text), [bad])


@pytest.mark.parametrize("name", ["checkstyle", "junit"])
def test_xml_formats_stay_well_formed_with_control_characters(name):
    root = parse_xml(render(name, control_character_report()))
    assert "Tag the image `ub\ufffduntu\ufffd`" in ET.tostring(root, encoding="unicode")


# --- junit -----------------------------------------------------------------------------------


def test_junit_is_read_by_a_junit_parser():
    clean = report("FROM ubuntu:24.04\n", path="clean/Dockerfile")
    twice = report("FROM ubuntu\nFROM debian\n", path="two/Dockerfile", select=("DL3006",))
    xml = junitparser.JUnitXml.fromstring(render("junit", report(), clean, twice))
    suites = {suite.name: suite for suite in xml}
    assert list(suites) == ["svc/Dockerfile", "clean/Dockerfile", "two/Dockerfile"]
    assert (xml.tests, xml.failures, xml.errors) == (5, 4, 0)
    cases = [(case.classname, case.name, case.is_passed) for case in suites["svc/Dockerfile"]]
    assert cases == [
        ("svc/Dockerfile", "DL3006 untagged-base-image", False),
        ("svc/Dockerfile", "DL4000 maintainer-deprecated", False),
        ("svc/Dockerfile", "DL3002 last-user-root", False),
    ]
    assert [(case.name, case.is_passed) for case in suites["clean/Dockerfile"]] == [("no findings", True)]
    (case,) = list(suites["two/Dockerfile"])
    (failure,) = case.result
    assert isinstance(failure, junitparser.Failure)
    assert failure.type == "DL3006"
    assert failure.message == "Tag the image `ubuntu` with the version you build against (2 findings)"
    assert failure.text.splitlines() == [
        "two/Dockerfile:1:6: warning: Tag the image `ubuntu` with the version you build against [DL3006]",
        "two/Dockerfile:2:6: warning: Tag the image `debian` with the version you build against [DL3006]",
        "See https://github.com/stanzalint/stanzalint/blob/main/docs/rules/DL3006.md",
    ]


def test_junit_document_has_the_junit_elements_only():
    root = parse_xml(render("junit", report()))
    assert root.tag == "testsuites" and root.attrib == {
        "name": "stanzalint",
        "tests": "3",
        "failures": "3",
        "errors": "0",
        "time": "0",
    }
    for suite in root:
        assert suite.tag == "testsuite" and {"name", "tests", "failures", "errors", "skipped", "time"} == set(
            suite.attrib
        )
        for case in suite:
            assert case.tag == "testcase" and set(case.attrib) == {"classname", "name", "time"}
            assert [child.tag for child in case] == ["failure"]


# --- sonarqube -------------------------------------------------------------------------------

_IMPACT = {
    "type": "object",
    "required": ["softwareQuality", "severity"],
    "additionalProperties": False,
    "properties": {
        "softwareQuality": {"enum": ["SECURITY", "RELIABILITY", "MAINTAINABILITY"]},
        "severity": {"enum": ["HIGH", "MEDIUM", "LOW"]},
    },
}
_TEXT_RANGE = {
    "type": "object",
    "required": ["startLine"],
    "additionalProperties": False,
    "properties": {
        k: {"type": "integer", "minimum": 1 if k.endswith("Line") else 0}
        for k in ("startLine", "endLine", "startColumn", "endColumn")
    },
}
#: SonarQube's generic issue import format (10.3 and later), as its documentation specifies it.
SONARQUBE_GENERIC_SCHEMA = {
    "type": "object",
    "required": ["rules", "issues"],
    "additionalProperties": False,
    "properties": {
        "rules": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name", "engineId", "impacts"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "description": {"type": "string"},
                    "engineId": {"type": "string"},
                    "cleanCodeAttribute": {
                        "enum": [
                            "FORMATTED",
                            "CONVENTIONAL",
                            "IDENTIFIABLE",
                            "CLEAR",
                            "LOGICAL",
                            "COMPLETE",
                            "EFFICIENT",
                            "FOCUSED",
                            "DISTINCT",
                            "MODULAR",
                            "TESTED",
                            "LAWFUL",
                            "TRUSTWORTHY",
                            "RESPECTFUL",
                        ]
                    },
                    "impacts": {"type": "array", "minItems": 1, "items": _IMPACT},
                },
            },
        },
        "issues": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["ruleId", "primaryLocation"],
                "additionalProperties": False,
                "properties": {
                    "ruleId": {"type": "string"},
                    "effortMinutes": {"type": "integer"},
                    "primaryLocation": {
                        "type": "object",
                        "required": ["message", "filePath"],
                        "additionalProperties": False,
                        "properties": {
                            "message": {"type": "string"},
                            "filePath": {"type": "string"},
                            "textRange": _TEXT_RANGE,
                        },
                    },
                },
            },
        },
    },
}


def test_sonarqube_report_passes_the_generic_issue_format():
    data = json.loads(render("sonarqube", report()))
    jsonschema.validate(data, SONARQUBE_GENERIC_SCHEMA)
    issue_ids = {issue["ruleId"] for issue in data["issues"]}
    assert [r["id"] for r in data["rules"]] == ["DL3006", "DL4000", "DL3002"] and issue_ids == {
        r["id"] for r in data["rules"]
    }
    root = next(r for r in data["rules"] if r["id"] == "DL3002")
    assert (root["cleanCodeAttribute"], root["impacts"]) == (
        "TRUSTWORTHY",
        [{"softwareQuality": "SECURITY", "severity": "MEDIUM"}],
    )
    assert root["description"].endswith("See https://github.com/stanzalint/stanzalint/blob/main/docs/rules/DL3002.md")
    # 0-based columns, end exclusive: `ubuntu` is columns 5..11 of line 1
    assert data["issues"][0]["primaryLocation"] == {
        "message": "Tag the image `ubuntu` with the version you build against",
        "filePath": "svc/Dockerfile",
        "textRange": {"startLine": 1, "endLine": 1, "startColumn": 5, "endColumn": 11},
    }


def test_sonarqube_marks_the_line_of_an_empty_span():
    text = "FROM ubuntu:24.04\n"
    at_end = Violation("DL3057", Span(17, 17), "Add a HEALTHCHECK", Severity.INFO, name="healthcheck-missing")
    data = json.loads(render("sonarqube", FileReport("Dockerfile", LineIndex(text), [at_end])))
    jsonschema.validate(data, SONARQUBE_GENERIC_SCHEMA)
    assert data["issues"][0]["primaryLocation"]["textRange"] == {"startLine": 1}


# --- gnu -------------------------------------------------------------------------------------


def test_gnu_lines():
    assert render("gnu", report()).splitlines() == [
        "svc/Dockerfile:1:6: warning: Tag the image `ubuntu` with the version you build against [DL3006]",
        "svc/Dockerfile:2:1: error: MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors [DL4000]",
        "svc/Dockerfile:3:6: warning: The image ends as root; switch to an unprivileged USER at the end [DL3002]",
    ]
    assert render("gnu", report("FROM ubuntu:24.04\n")) == ""


def test_gnu_output_fills_vims_quickfix_list(tmp_path):
    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.skip("nvim is not installed (scripts/test-all.sh installs it)")
    (tmp_path / "out.txt").write_text(render("gnu", report(path="Dockerfile")), encoding="utf-8")
    show = "lua io.stdout:write(vim.json.encode(vim.tbl_map(function(e) return {e.valid, e.lnum, e.col, e.type, e.text} end, vim.fn.getqflist())))"
    result = subprocess.run(
        [nvim, "--headless", "--clean", "-c", "compiler gcc", "-c", "cgetfile out.txt", "-c", show, "-c", "qa!"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert json.loads(result.stdout) == [
        [1, 1, 6, "w", "Tag the image `ubuntu` with the version you build against [DL3006]"],
        [1, 2, 1, "e", "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors [DL4000]"],
        [1, 3, 6, "w", "The image ends as root; switch to an unprivileged USER at the end [DL3002]"],
    ]


# --- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["gitlab", "checkstyle", "junit", "sonarqube", "gnu"])
def test_check_writes_each_format(tmp_path, name):
    (tmp_path / "Dockerfile").write_text("FROM ubuntu\n")
    result = subprocess.run(
        [sys.executable, "-m", "stanzalint", "check", "--format", name, "--ignore", "SC", "Dockerfile"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == render(name, report("FROM ubuntu\n", path="Dockerfile", select=("DL3006",)))
