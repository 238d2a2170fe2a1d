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


@pytest.mark.slow
def test_each_fix_alone_removes_its_finding(corpus_files):
    """Each fix applied on its own: BuildKit parses the result and its rule reports fewer
    findings than before (the targeted one is gone, none of the same rule appeared)."""
    from collections import Counter

    from stanzalint.engine import lint
    from stanzalint.fixes import apply_edits

    tried = 0
    for path in corpus_files:
        with open(path, "rb") as fh:
            text = decode(fh.read())
        if not buildkit_accepts(text):
            continue
        result = lint(text, ALL_FIXES, path)
        before = Counter(v.code for v in result.violations)
        for v in result.violations:
            if v.fix is None:
                continue
            tried += 1
            new_text = apply_edits(text, v.fix.edits)
            assert buildkit_accepts(new_text), (path, v.code, v.fix.title)
            after = Counter(x.code for x in lint(new_text, ALL_FIXES, path).violations)
            assert after[v.code] < before[v.code], (path, v.code, v.fix.title)
    assert tried > 1000
