"""Every shared-corpus file parses exactly as BuildKit's own parser parses it."""

from __future__ import annotations

import pytest
from repo_paths import CORPUS_ABSENT
from stanzalint.syntax import decode
from syntax_oracle import corpus_files, oracle_disagreements

pytestmark = pytest.mark.slow
FILES = corpus_files()


@pytest.mark.skipif(not FILES, reason=CORPUS_ABSENT)
def test_corpus_agrees_with_buildkit():
    pytest.importorskip("dockerfile")
    failures = {}
    for path in FILES:
        text = decode(path.read_bytes())
        found = oracle_disagreements(text)
        if found:
            failures[path.name] = found[:5]
    assert failures == {}
