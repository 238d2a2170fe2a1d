"""The examples: each bad file shows exactly its practice's SZ diagnostics, each good file none;
fix-all over every example is idempotent and BuildKit parses every result."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stanzalint.config import Config
from stanzalint.engine import fix_all, lint
from stanzalint.rules import all_rules
from tests.ruletest import buildkit_accepts

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TRUSTED = ["docker.io/nvidia", "docker.io/rocker", "docker.io/continuumio"]

#: the SZ codes each bad example must show (only rules that exist are asserted)
BAD = {
    "a-base-image": {"SZ102", "SZ105"},
    "b-supply-chain": {"SZ201", "SZ202", "SZ203"},
    "c-layer-order": {"SZ301", "SZ302", "SZ303"},
    "d-one-stanza": {"SZ401", "SZ402", "SZ403", "SZ404"},
    "e-non-root": {"SZ501"},
    "f-multi-stage": {"SZ601", "SZ602", "SZ603"},
    "g-build-args": {"SZ701", "SZ702", "SZ703", "SZ704"},
    "h-linting": set(),
    "i-no-alpine-python": {"SZ901", "SZ902"},
}


def _config() -> Config:
    return Config(shellcheck=False, trusted_registries=list(TRUSTED), ignore=["DL3008"])


def _sz_codes(path: Path):
    result = lint(path.read_text(encoding="utf-8"), _config(), str(path))
    assert not result.failures, result.failures[0].traceback
    return {v.code for v in result.violations if v.code.startswith("SZ")}


def _defined() -> set:
    return {r.code for r in all_rules()}


@pytest.mark.parametrize("folder", sorted(BAD))
def test_bad_example_shows_its_practice(folder):
    expected = BAD[folder] & _defined()
    assert _sz_codes(EXAMPLES / folder / "bad.Dockerfile") == expected


@pytest.mark.parametrize("folder", sorted(BAD))
def test_good_example_is_clean(folder):
    assert _sz_codes(EXAMPLES / folder / "good.Dockerfile") == set()


def test_every_practice_has_an_example_pair():
    folders = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())
    assert folders == sorted(BAD)
    for folder in folders:
        assert sorted(os.listdir(EXAMPLES / folder))[:2] == ["bad.Dockerfile", "good.Dockerfile"]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*/*.Dockerfile")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fix_all_is_idempotent_and_parses(path):
    text = path.read_text(encoding="utf-8")
    once = fix_all(text, _config(), str(path), unsafe=True)
    assert buildkit_accepts(once.text)
    twice = fix_all(once.text, _config(), str(path), unsafe=True)
    assert twice.text == once.text
