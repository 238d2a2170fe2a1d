"""SZ401 reads of each RUN only a summary of its commands (``reads_runs``): what it cleans up
and creates, its absolute words, what it may need of a cleanup's removals, and a cleanup's
script. Typing that leaves every summary as it was keeps the stage's findings, moved with their
instructions, without running the rule; an edit that changes a summary runs it again."""

from __future__ import annotations

import pytest
from stanzalint import rules as registry
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.findings_memo import FindingsMemo
from test_stage_rules_reading_no_command import counting

CONFIG = Config()


def seen(result, text: str) -> list[tuple]:
    """What a user sees of each finding: the text it underlines, its message, its fix's edits
    (the text each replaces, and with what) and its related places' texts."""
    return [
        (
            text[v.span.start : v.span.end],
            v.message,
            v.span.start,
            None if v.fix is None else (v.fix.applicability, [(e.span.start, e.span.end, e.text) for e in v.fix.edits]),
            [(text[r.span.start : r.span.end], r.span.start) for r in v.related],
        )
        for v in result.violations
    ]


def typed(code: str, text: str, edited: str) -> tuple[list[tuple], list[tuple], list[int]]:
    """The findings of a lint of ``edited`` through the memo of a lint of ``text``, those of a
    fresh lint of ``edited``, and the number of instructions the rule was shown on each run."""
    runs: list[int] = []
    memo = FindingsMemo()
    lint(text, CONFIG, rules=[counting(code, runs)], memo=memo)
    remembered = lint(edited, CONFIG, rules=[counting(code, runs)], memo=memo)
    fresh = lint(edited, CONFIG, rules=[registry.get(code)])
    return seen(remembered, edited), seen(fresh, edited), runs


CLEANUP = """FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends build-essential
RUN echo hello && curl -fsSL https://example.com/a.tgz -o /tmp/a.tgz
RUN /bin/bash ./setup.sh --install
RUN apt-get purge -y wget && rm -rf /var/lib/apt/lists/*
CMD ["bash"]
"""


@pytest.mark.parametrize(
    ("before", "after"),
    [("echo hello", "echo well, hello"), ("build-essential", "build-esssential"), ("--install", "--innstall")],
    ids=["echo-string", "package-name", "hidden-script-argument"],
)
def test_sz401_keeps_its_findings_while_typing_in_words_it_does_not_read(before, after):
    text = CLEANUP.replace("RUN /bin/bash ./setup.sh --install\n", "") if before != "--install" else CLEANUP
    edited = text.replace(before, after)
    remembered, fresh, runs = typed("SZ401", text, edited)
    assert remembered == fresh
    assert [(under, related) for under, _message, _at, _fix, related in fresh] == [
        ("RUN", [("RUN", edited.index("RUN apt-get update"))])
    ]
    assert runs == [len(text.splitlines())]  # the first lint only


def test_sz401_moves_its_fix_with_the_creating_run():
    text = CLEANUP.replace("RUN /bin/bash ./setup.sh --install\n", "")
    edited = text.replace("build-essential", "build-esssential")
    remembered, _fresh, _runs = typed("SZ401", text, edited)
    end = edited.index("build-esssential") + len("build-esssential")
    (_under, _message, _at, fix, _related) = remembered[0]
    assert fix is not None and fix[1][0] == (end, end, " && apt-get purge -y wget && rm -rf /var/lib/apt/lists/*")


@pytest.mark.parametrize(
    ("before", "after", "fix"),
    [
        ("curl -fsSL", "wget -q", None),  # the RUN in between now runs what the cleanup removes
        ("-o /tmp/a.tgz", "-o /var/lib/apt/lists/a.tgz", "unsafe"),  # a word holding a path
        ("rm -rf /var/lib/apt/lists/*", "rm -rf /var/lib/apt/lists/* /tmp/b", "unsafe"),  # the cleanup itself
        ("rm -rf", "rm -fr", "unsafe"),  # only the script the fold appends
        ("echo hello", "/bin/sh ./hello.sh", None),  # a script the file does not show
    ],
    ids=["needed-command", "path-word", "cleanup", "cleanup-script", "hidden-script"],
)
def test_sz401_runs_again_when_an_edit_changes_what_it_reads(before, after, fix):
    text = CLEANUP.replace("RUN /bin/bash ./setup.sh --install\n", "")
    edited = text.replace(before, after)
    remembered, fresh, runs = typed("SZ401", text, edited)
    assert remembered == fresh
    assert [None if found[3] is None else found[3][0].value for found in fresh] == [fix]
    assert len(runs) == 2
