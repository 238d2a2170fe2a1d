from __future__ import annotations

from ruletest import found
from stanzalint.config import Config
from stanzalint.engine import lint


def test_tags_without_digest_are_flagged_when_enabled():
    text = "FROM python:3.12-slim AS build\nFROM build\nFROM scratch\nFROM nginx@sha256:" + "c" * 64 + "\n"
    assert found("SZ104", text) == [
        (
            "1:6-1:22",
            "`python:3.12-slim` is not pinned by digest; append `@sha256:...` to build on exactly these bytes",
        ),
    ]


def test_off_by_default_and_on_in_strict():
    text = "FROM python:3.12-slim\n"
    assert [v.code for v in lint(text, Config(shellcheck=False)).violations if v.code == "SZ104"] == []
    assert [v.code for v in lint(text, Config(shellcheck=False, strict=True)).violations if v.code == "SZ104"] == [
        "SZ104"
    ]
