"""Shared test setup. This folder is on sys.path, so tests import helpers (``ruletest``,
``repo_paths``) directly; nothing imports ``conftest`` itself (two folders have one)."""

from __future__ import annotations

import os

import pytest

from repo_paths import CORPUS_DIR


@pytest.fixture(scope="session")
def corpus_files():
    """Paths of the shared real-world corpus; skips when the corpus is not beside the checkout."""
    if not os.path.isdir(CORPUS_DIR):
        pytest.skip("the shared corpus is not available")
    return sorted(os.path.join(CORPUS_DIR, name) for name in os.listdir(CORPUS_DIR))
