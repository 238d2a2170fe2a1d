"""trivy's and checkov's suppression comments silence the stanzalint rules that check the same thing."""

from __future__ import annotations

from stanzalint import rules as registry
from stanzalint.config import Config
from stanzalint.engine import lint


def found(text, select):
    result = lint(text, Config(shellcheck=False, select=select))
    return [(v.code, result.dockerfile.lines.position(v.span.start)[0] + 1) for v in result.violations]


ROOT_USER = "FROM python:3.12-slim\nUSER root\n"


def test_rules_list_the_ids_used_below_as_aliases():
    assert "DS-0002" in registry.get("DL3002").meta.aliases
    assert "DS-0005" in registry.get("DL3020").meta.aliases
    assert "CKV_DOCKER_9" in registry.get("DL3027").meta.aliases


def test_baseline_without_pragmas():
    assert found(ROOT_USER, ["DL3002"]) == [("DL3002", 2)]


def test_trivy_ignore_silences_the_next_instruction_only():
    text = "FROM python:3.12-slim AS a\n# trivy:ignore:DS-0002\nUSER root\nFROM python:3.12-slim\nUSER root\n"
    assert found(text, ["DL3002"]) == [("DL3002", 5)]


def test_trivy_ignore_by_code_without_dash_padding_is_not_an_alias():
    # trivy's ids are DS-0002; an id trivy does not use silences nothing
    text = "FROM python:3.12-slim\n# trivy:ignore:DS-9999\nUSER root\n"
    assert found(text, ["DL3002"]) == [("DL3002", 3)]


def test_trivy_ignore_silences_add_instead_of_copy():
    text = "FROM python:3.12-slim\n# trivy:ignore:DS-0005\nADD app.py /app/\nADD run.py /app/\n"
    assert found(text, ["DL3020"]) == [("DL3020", 4)]


def test_trivy_ignore_with_several_ids():
    text = "FROM python:3.12-slim\n# trivy:ignore:DS-0005 trivy:ignore:DS-0002\nADD app.py /app/\n"
    assert found(text, ["DL3020"]) == []


def test_checkov_skip_silences_the_whole_file():
    text = "FROM python:3.12-slim\n#checkov:skip=CKV_DOCKER_9:apt is fine here\nRUN apt install -y curl\nRUN apt install -y git\n"
    assert found(text, ["DL3027"]) == []


def test_checkov_skip_other_id_silences_nothing():
    text = "FROM python:3.12-slim\n#checkov:skip=CKV_DOCKER_3\nRUN apt install -y curl\n"
    assert found(text, ["DL3027"]) == [("DL3027", 3)]


def test_checkov_skip_with_space_after_hash():
    text = "# checkov:skip=CKV_DOCKER_9\nFROM python:3.12-slim\nRUN apt install -y curl\n"
    assert found(text, ["DL3027"]) == []
