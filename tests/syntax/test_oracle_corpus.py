"""Every shared-corpus file parses exactly as BuildKit's own parser parses it."""

from __future__ import annotations

import pytest

from stanzalint.syntax import decode

from syntax_oracle import corpus_files, oracle_disagreements

pytestmark = pytest.mark.slow
FILES = corpus_files()


@pytest.mark.skipif(not FILES, reason="shared corpus not present")
def test_corpus_agrees_with_buildkit():
    pytest.importorskip("dockerfile")
    failures = {}
    for path in FILES:
        text = decode(path.read_bytes())
        found = oracle_disagreements(text)
        if found:
            failures[path.name] = found[:5]
    assert failures == {}
