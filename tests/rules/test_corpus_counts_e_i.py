"""Per-rule hit counts of the practice e-i rules on the shared corpus (docs/precision.md).
A change here is a change in behaviour: review the new hits and update the document."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from repo_paths import CORPUS_ABSENT
from stanzalint.config import Config
from stanzalint.engine import lint

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "dockerfiles"
EXPECTED = {
    "SZ501": 55,
    "SZ502": 0,
    "SZ601": 10,
    "SZ602": 2,
    "SZ603": 1,
    "SZ604": 3,
    "SZ701": 2,
    "SZ702": 18,
    "SZ703": 38,
    "SZ704": 9,
    "SZ901": 3,
    "SZ902": 0,
}


@pytest.mark.skipif(not CORPUS.is_dir(), reason=CORPUS_ABSENT)
def test_corpus_hit_counts():
    codes = sorted(EXPECTED)
    config = Config(select=codes, shellcheck=False)
    counts: Counter = Counter()
    for path in sorted(CORPUS.iterdir()):
        if path.is_file():
            result = lint(path.read_text(encoding="utf-8", errors="replace"), config, str(path))
            assert not result.failures, (path.name, result.failures[0].traceback)
            counts.update(v.code for v in result.violations if v.code in EXPECTED)
    assert {code: counts.get(code, 0) for code in codes} == EXPECTED
