"""Fix-all on real Dockerfiles: every fix, safe and unsafe, applied to a fixed point on each
corpus file gives a file BuildKit's parser still accepts, and fixing again changes nothing."""

from __future__ import annotations

import pytest

from ruletest import buildkit_accepts

from stanzalint.config import Config
from stanzalint.engine import fix_all
from stanzalint.syntax import decode

ALL_FIXES = Config(shellcheck=False, select=["ALL"], extend_select=["ALL"])


@pytest.mark.slow
def test_fix_all_on_every_corpus_file(corpus_files):
    changed = 0
    for path in corpus_files:
        with open(path, "rb") as fh:
            text = decode(fh.read())
        if not buildkit_accepts(text):
            continue  # the builder rejects it already: nothing to keep
        once = fix_all(text, ALL_FIXES, path, unsafe=True)
        assert not once.remaining.failures, (path, once.remaining.failures[0].traceback)
        assert buildkit_accepts(once.text), f"{path}: BuildKit rejects the fixed file"
        twice = fix_all(once.text, ALL_FIXES, path, unsafe=True)
        assert twice.text == once.text, f"{path}: fixing twice differs from fixing once"
        changed += once.text != text
    assert changed > 100
