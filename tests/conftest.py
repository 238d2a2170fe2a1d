"""Shared test setup. This folder is on sys.path, so tests import helpers (``ruletest``,
``repo_paths``) directly; nothing imports ``conftest`` itself (``tests``, ``tests/lsp`` and ``tests/rules`` each have one)."""

from __future__ import annotations

import os

import pytest
from repo_paths import CORPUS_ABSENT, CORPUS_DIR, shared_skip_summary


@pytest.fixture(autouse=True)
def _known_contexts_restored(monkeypatch):
    """A server made in this process (the in-process protocol tests) tells the build-context
    registry to walk in the background and whom to call when a walk ends, for the whole
    process; put those settings back after each test so that the build-context rules tested
    later in the same worker see their contexts as the CLI does."""
    from stanzalint.context.known import KNOWN

    for name in ("background", "on_ready", "roots_source"):
        monkeypatch.setattr(KNOWN, name, getattr(KNOWN, name))


@pytest.fixture(scope="session")
def corpus_files():
    """Paths of the shared real-world corpus; skips when the corpus is not beside the checkout."""
    if not os.path.isdir(CORPUS_DIR):
        pytest.skip(CORPUS_ABSENT)
    return sorted(os.path.join(CORPUS_DIR, name) for name in os.listdir(CORPUS_DIR))


def pytest_terminal_summary(terminalreporter):
    """Say in one line how many tests did not run because ../shared is absent."""
    line = shared_skip_summary(_skip_reason(report) for report in terminalreporter.stats.get("skipped", []))
    if line is not None:
        terminalreporter.write_line(line, yellow=True, bold=True)


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    return longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
