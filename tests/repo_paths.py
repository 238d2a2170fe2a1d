"""Where the repository and the shared corpus are, for tests that read them."""

from __future__ import annotations

import os

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS_DIR = os.path.join(os.path.dirname(REPO_ROOT), "shared", "corpus", "dockerfiles")
