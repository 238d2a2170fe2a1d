"""Shared test setup. This folder is on sys.path, so tests import ``ruletest`` helpers directly."""

from __future__ import annotations

import os

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS_DIR = os.path.join(os.path.dirname(REPO_ROOT), "shared", "corpus", "dockerfiles")


@pytest.fixture(scope="session")
def corpus_files():
    """Paths of the shared real-world corpus; skips when the corpus is not beside the checkout."""
    if not os.path.isdir(CORPUS_DIR):
        pytest.skip("the shared corpus is not available")
    return sorted(os.path.join(CORPUS_DIR, name) for name in os.listdir(CORPUS_DIR))
