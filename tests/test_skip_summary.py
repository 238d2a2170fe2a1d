"""The summary line that says how many tests did not run because ../shared is absent."""

from __future__ import annotations

from repo_paths import CORPUS_ABSENT, KNOWLEDGE_ABSENT, shared_skip_summary


def test_no_line_when_nothing_was_skipped_for_want_of_shared():
    assert shared_skip_summary(["Skipped: nvim is not installed"]) is None


def test_one_line_counts_each_missing_folder():
    reasons = [
        f"Skipped: {CORPUS_ABSENT}",
        f"Skipped: {CORPUS_ABSENT}",
        f"Skipped: {KNOWLEDGE_ABSENT}",
        "Skipped: other",
    ]
    assert shared_skip_summary(reasons) == (
        "NOT RUN: 2 skipped because ../shared/corpus is absent; 1 skipped because ../shared/knowledge is absent"
        " (they need the files beside the repository)"
    )
