"""trivy's findings as stanzalint violations: placement, de-duplication through aliases, suppression.

These feed recorded trivy results to the code that places them; no trivy process runs here."""

from __future__ import annotations

from stanzalint import rules as registry
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.rules.trivy_meta import equivalents, meta_for, normalize, url_for
from stanzalint.scan import ConfigFindings, vulnerability_violations
from stanzalint.trivy import Misconfig, parse_misconfigs, parse_vulnerabilities

CD = Misconfig(
    "DS-0013",
    "MEDIUM",
    "'RUN cd ...' to change directory",
    "RUN should not be used to change directory: 'cd /tmp && make'",
    "https://avd.aquasec.com/misconfig/ds-0013",
    3,
    3,
)
HEALTH = Misconfig(
    "DS-0026",
    "LOW",
    "No HEALTHCHECK defined",
    "Add HEALTHCHECK instruction in your Dockerfile",
    "https://avd.aquasec.com/misconfig/ds-0026",
)
TEXT = "FROM python:3.12-slim AS build\nFROM python:3.12-slim\nRUN cd /tmp && make\n"


def scan(text, misconfigs, show=(), **config):
    """DS findings and those of the ``show`` rules (all rules run, as ``stanzalint scan`` runs them)."""
    cfg = Config(shellcheck=False, **config)
    findings = ConfigFindings(misconfigs)
    result = lint(text, cfg, None, extra=findings)
    kept = findings.deduplicate(result, cfg)
    return [
        (v.code, *result.dockerfile.lines.position(v.span.start), v.severity.label)
        for v in kept
        if v.code.startswith("DS") or v.code in show
    ]


def test_ids_normalise_to_trivys_current_form():
    assert [normalize(c) for c in ("DS-0002", "ds002", "DS002", "DS026", "DL3002")] == [
        "DS-0002",
        "DS-0002",
        "DS-0002",
        "DS-0026",
        None,
    ]
    assert url_for("DS-0026") == "https://avd.aquasec.com/misconfig/ds-0026"


def test_equivalents_are_the_rules_listing_the_id_as_alias():
    assert equivalents("DS-0013") == ["DL3003"]
    assert equivalents("DS-0001") == ["DL3006", "DL3007"]
    assert equivalents("DS-0004") == []


def test_meta_for_ds_ids_without_a_rule():
    meta = registry.meta_for("DS-0004")
    assert (meta.code, meta.name, meta.origin, meta.severity.label) == ("DS-0004", "trivy-ds-0004", "trivy", "warning")
    assert meta.summary == "trivy DS-0004: Port 22 exposed."
    assert "Remove 'EXPOSE 22' statement from the Dockerfile" in meta.docs
    assert "[trivy: DS-0004](https://avd.aquasec.com/misconfig/ds-0004)" in meta.docs
    # an id a stanzalint rule lists as alias keeps resolving to that rule
    assert registry.meta_for("DS-0013").code == "DL3003"
    assert meta_for("DS-0013").aliases == ("DL3003",)
    assert registry.meta_for("DS-12x") is None


def test_line_finding_sits_on_its_instruction_and_whole_file_finding_on_the_final_from():
    assert scan(TEXT, [HEALTH, CD], ignore=["DL3003"]) == [("DS-0026", 1, 0, "info")]
    assert scan(TEXT, [HEALTH, CD], show=["DL3003"]) == [("DS-0026", 1, 0, "info"), ("DL3003", 2, 4, "warning")]


def test_finding_dropped_when_the_aliased_rule_reports_the_same_instruction():
    assert scan(TEXT, [CD], show=["DL3003"]) == [("DL3003", 2, 4, "warning")]


def test_finding_kept_when_the_aliased_rule_reports_another_instruction():
    text = "FROM python:3.12-slim\nRUN make\nRUN cd /tmp && make\n"
    elsewhere = Misconfig("DS-0013", "MEDIUM", "", "cd in RUN", "", 2, 2)
    assert scan(text, [elsewhere], show=["DL3003"]) == [("DS-0013", 1, 0, "warning"), ("DL3003", 2, 4, "warning")]


def test_finding_dropped_when_the_aliased_rule_is_suppressed_there():
    text = "FROM python:3.12-slim\n# hadolint ignore=DL3003\nRUN cd /tmp && make\n"
    at_line_3 = Misconfig("DS-0013", "MEDIUM", "", "cd in RUN", "", 3, 3)
    assert scan(text, [at_line_3], show=["DL3003"]) == []


def test_finding_dropped_when_the_aliased_rule_is_ignored_in_config():
    assert scan(TEXT, [CD], show=["DL3003"], ignore=["DL3003"]) == []
    assert scan(TEXT, [CD], show=["DL3003"], ignore=["cd-instead-of-workdir"]) == []


def test_trivy_ignore_pragma_silences_the_ds_finding():
    text = "FROM python:3.12-slim\n# trivy:ignore:DS-0013\nRUN cd /tmp && make\n"
    at_line_3 = Misconfig("DS-0013", "MEDIUM", "", "cd in RUN", "", 3, 3)
    assert scan(text, [at_line_3]) == []


def test_ignoring_a_ds_id_without_a_rule():
    port = Misconfig("DS-0004", "MEDIUM", "Port 22 exposed", "Port 22 should not be exposed", "", 2, 2)
    text = "FROM python:3.12-slim\nEXPOSE 22\n"
    at_line_3 = Misconfig("DS-0004", "MEDIUM", "Port 22 exposed", "Port 22 should not be exposed", "", 3, 3)
    assert scan(text, [port]) == [("DS-0004", 1, 0, "warning")]
    assert scan("FROM python:3.12-slim\n# trivy:ignore:DS-0004\nEXPOSE 22\n", [at_line_3]) == []
    assert scan("FROM python:3.12-slim\n# stanzalint: ignore=DS-0004\nEXPOSE 22\n", [at_line_3]) == []
    assert scan(text, [port], ignore=["DS-0004"]) == []


def test_parse_recorded_trivy_config_result():
    result = {
        "Target": "0/Dockerfile",
        "Misconfigurations": [
            {
                "ID": "DS-0002",
                "Severity": "HIGH",
                "Title": "Image user should not be 'root'",
                "Message": "Last USER command in Dockerfile should not be 'root'",
                "PrimaryURL": "https://avd.aquasec.com/misconfig/ds-0002",
                "Status": "FAIL",
                "CauseMetadata": {"StartLine": 4, "EndLine": 4},
            },
            {
                "ID": "DS-0026",
                "Severity": "LOW",
                "Title": "No HEALTHCHECK defined",
                "Message": "Add HEALTHCHECK instruction in your Dockerfile",
                "PrimaryURL": "",
                "Status": "FAIL",
                "CauseMetadata": {"Provider": "Dockerfile"},
            },
            {
                "ID": "DS-0001",
                "Severity": "MEDIUM",
                "Title": "':latest' tag used",
                "Message": "",
                "Status": "PASS",
                "CauseMetadata": {},
            },
        ],
    }
    assert parse_misconfigs(result) == [
        Misconfig(
            "DS-0002",
            "HIGH",
            "Image user should not be 'root'",
            "Last USER command in Dockerfile should not be 'root'",
            "https://avd.aquasec.com/misconfig/ds-0002",
            4,
            4,
        ),
        Misconfig(
            "DS-0026", "LOW", "No HEALTHCHECK defined", "Add HEALTHCHECK instruction in your Dockerfile", "", None, None
        ),
    ]


def test_parse_recorded_trivy_image_result_and_violations():
    report = {
        "Results": [
            {
                "Target": "app:ci (debian 12.8)",
                "Vulnerabilities": [
                    {
                        "VulnerabilityID": "CVE-2024-0001",
                        "PkgName": "libssl3",
                        "InstalledVersion": "3.0.15-1",
                        "FixedVersion": "3.0.15-2",
                        "Severity": "CRITICAL",
                        "Title": "openssl: a flaw",
                        "PrimaryURL": "https://avd.aquasec.com/nvd/cve-2024-0001",
                    },
                    {
                        "VulnerabilityID": "CVE-2024-0002",
                        "PkgName": "zlib1g",
                        "InstalledVersion": "1.2.13",
                        "Severity": "MEDIUM",
                    },
                ],
            },
            {"Target": "Python", "Vulnerabilities": None},
        ]
    }
    vulns = parse_vulnerabilities(report)
    assert [(v.code, v.message, v.severity.label, v.span.start) for v in vulnerability_violations(vulns)] == [
        ("CVE-2024-0001", "libssl3 3.0.15-1 (app:ci (debian 12.8)): openssl: a flaw (fixed in 3.0.15-2)", "error", 0),
        ("CVE-2024-0002", "zlib1g 1.2.13 (app:ci (debian 12.8)) (no fixed version yet)", "warning", 0),
    ]
