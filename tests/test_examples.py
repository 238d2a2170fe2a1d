"""The examples: each bad file shows exactly its practice's SZ diagnostics, each good file none;
fix-all over every example is idempotent and BuildKit parses every result."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ruletest import buildkit_accepts
from stanzalint.config import ConfigLayer, config_for
from stanzalint.engine import fix_all, lint

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

#: the SZ codes each bad example must show, by folder and file
BAD = {
    "a-base-image": {"bad.Dockerfile": {"SZ102", "SZ105"}},
    "b-supply-chain": {"bad.Dockerfile": {"SZ201", "SZ202", "SZ203"}},
    "c-layer-order": {"bad.Dockerfile": {"SZ301", "SZ302", "SZ303"}},
    "d-one-stanza": {"bad.Dockerfile": {"SZ401", "SZ402", "SZ403", "SZ404"}},
    "e-non-root": {"bad.Dockerfile": {"SZ501"}},
    "f-multi-stage": {
        "bad.Dockerfile": {"SZ602", "SZ603"},
        "bad-toolchain.Dockerfile": {"SZ601"},
        "bad-distroless.Dockerfile": {"SZ604"},
    },
    "g-build-args": {"bad.Dockerfile": {"SZ701", "SZ702", "SZ703", "SZ704"}},
    "h-linting": {"bad.Dockerfile": set()},
    "i-no-alpine-python": {"bad.Dockerfile": {"SZ901", "SZ902"}},
}
BAD_FILES = sorted((folder, name) for folder, files in BAD.items() for name in files)


def _config(folder: str):
    """The configuration the README's command uses for these files (examples/.stanzalint.toml)."""
    return config_for(str(EXAMPLES / folder), cli=ConfigLayer({"shellcheck": False}, "test"))


def _sz_codes(folder: str, name: str):
    path = EXAMPLES / folder / name
    result = lint(path.read_text(encoding="utf-8"), _config(folder), str(path))
    assert not result.failures, result.failures[0].traceback
    return {v.code for v in result.violations if v.code.startswith("SZ")}


@pytest.mark.parametrize("folder, name", BAD_FILES)
def test_bad_example_shows_its_practice(folder, name):
    assert _sz_codes(folder, name) == BAD[folder][name]


@pytest.mark.parametrize("folder", sorted(BAD))
def test_good_example_is_clean(folder):
    assert _sz_codes(folder, "good.Dockerfile") == set()


def test_every_practice_has_an_example_pair():
    folders = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())
    assert folders == sorted(BAD)
    for folder in folders:
        names = {n for n in os.listdir(EXAMPLES / folder) if n.endswith(".Dockerfile")}
        assert names == {"good.Dockerfile", *BAD[folder]}


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*/*.Dockerfile")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fix_all_is_idempotent_and_parses(path):
    text = path.read_text(encoding="utf-8")
    config = _config(path.parent.name)
    once = fix_all(text, config, str(path), unsafe=True)
    assert buildkit_accepts(once.text)
    twice = fix_all(once.text, config, str(path), unsafe=True)
    assert twice.text == once.text
