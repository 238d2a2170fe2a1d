"""The server's ShellCheck pass merges ShellCheck's findings into a lint result without running
the rules again: the list is exactly what one full lint with ShellCheck gives, pragmas and
select/ignore included."""

from __future__ import annotations

import glob
import os

import pytest
from repo_paths import REPO_ROOT
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.lsp.documents import with_shellcheck
from stanzalint.shellcheck import ShellCheck, find_executable, findings_for

pytestmark = pytest.mark.skipif(find_executable() is None, reason="ShellCheck is not installed")

SUPPRESSED = (
    "FROM debian:12\n"
    "# hadolint ignore=SC2086\n"
    "RUN echo $HOME && cd /tmp\n"
    "RUN echo $x && apt-get install curl\n"
    "RUN [ $1 = a ] || echo `date`\n"
)


def _view(result):
    return [(v.code, v.span.start, v.span.end, v.message, v.severity) for v in result.violations]


def _cases():
    texts = [
        open(p, encoding="utf-8").read()
        for p in sorted(glob.glob(os.path.join(REPO_ROOT, "examples", "*", "*.Dockerfile")))
    ]
    return texts + [SUPPRESSED]


@pytest.mark.parametrize(
    "config",
    [Config(), Config(ignore=["SC2086"]), Config(select=["SC", "DL3003"])],
    ids=["defaults", "ignore-SC2086", "select-SC-DL3003"],
)
def test_merge_equals_a_full_lint_with_shellcheck(config):
    checker = ShellCheck()
    for text in _cases():
        first = lint(text, config)  # the edit-path lint: no ShellCheck findings known
        findings = findings_for(first.dockerfile, first.analysis, checker)
        merged = with_shellcheck(first, findings, text, config, None)
        full = lint(text, config, extra=lambda d, a: findings_for(d, a, checker))
        assert _view(merged) == _view(full)
    sc = [v for v in merged.violations if v.code.startswith("SC")]
    assert sc, "the last case has ShellCheck findings"
