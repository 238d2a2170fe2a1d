"""Where the repository and the shared corpus are, for tests that read them."""

from __future__ import annotations

import os
from collections.abc import Iterable

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS_DIR = os.path.join(os.path.dirname(REPO_ROOT), "shared", "corpus", "dockerfiles")

#: The skip reason of every test that needs the real-world corpus beside the repository.
CORPUS_ABSENT = "../shared/corpus is absent"
#: The skip reason of the tests that need the knowledge sources beside the repository.
KNOWLEDGE_ABSENT = "../shared/knowledge is absent"


def shared_skip_summary(reasons: Iterable[str]) -> str | None:
    """One line saying how many tests were skipped for want of ../shared, or None if none were."""
    reasons = list(reasons)
    counts = {absent: sum(absent in reason for reason in reasons) for absent in (CORPUS_ABSENT, KNOWLEDGE_ABSENT)}
    parts = [f"{count} skipped because {absent}" for absent, count in counts.items() if count]
    if not parts:
        return None
    return "NOT RUN: " + "; ".join(parts) + " (they need the files beside the repository)"
