"""Pins how often the rules of practices a–d fire on the shared corpus, so that a change in
behaviour shows up in review (docs/precision.md records the review of these hits)."""

from __future__ import annotations

import collections

from stanzalint.config import Config
from stanzalint.engine import lint

CODES = [
    "SZ101",
    "SZ102",
    "SZ103",
    "SZ104",
    "SZ105",
    "SZ201",
    "SZ202",
    "SZ203",
    "SZ301",
    "SZ302",
    "SZ303",
    "SZ401",
    "SZ402",
    "SZ403",
    "SZ404",
    "SZ405",
]

EXPECTED = {
    "SZ101": 213,
    "SZ102": 2,
    "SZ103": 8,
    "SZ104": 403,
    "SZ105": 57,
    "SZ201": 12,
    "SZ202": 9,
    "SZ203": 3,
    "SZ301": 5,
    "SZ302": 4,
    "SZ303": 61,
    "SZ401": 6,
    "SZ402": 11,
    "SZ403": 1,
    "SZ404": 7,
    "SZ405": 34,
}


def test_hit_counts_on_the_corpus(corpus_files):
    config = Config(select=CODES, extend_select=CODES, shellcheck=False, rules={"SZ105": {"today": "2026-11-29"}})
    counts = collections.Counter({code: 0 for code in CODES})
    for path in corpus_files:
        with open(path, encoding="utf-8", errors="replace", newline="") as fh:
            text = fh.read()
        result = lint(text, config, path)
        assert not result.failures, (path, result.failures[0].traceback)
        counts.update(v.code for v in result.violations if v.code in EXPECTED)
    assert dict(counts) == EXPECTED
