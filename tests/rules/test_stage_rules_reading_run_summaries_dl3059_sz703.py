"""Stage rules that read a summary of each RUN's commands (``reads_runs``): DL3059 (how many
commands a RUN chains, whether one changes shell state, the ``;``, ``||`` and last-line ``#``
its merge fix looks for) and SZ703 (the versions in URL words). Typing inside a word the summary leaves out keeps their findings,
moved with their instructions, without running them again; an edit that changes the summary
runs them again, with a fresh lint's findings."""

from __future__ import annotations

import pytest
from stanzalint import rules as registry
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.findings_memo import FindingsMemo
from test_stage_rules_reading_no_command import counting

CONFIG = Config()


def seen(result) -> list[tuple]:
    """Each finding as a user sees it: code, range, message, fix and related places."""

    def fix(v):
        if v.fix is None:
            return None
        return v.fix.title, v.fix.applicability, [(e.span.start, e.span.end, e.text) for e in v.fix.edits]

    return [
        (v.code, v.span.start, v.span.end, v.message, fix(v), [(r.span.start, r.span.end) for r in v.related])
        for v in result.violations
    ]


def typed(code: str, text: str, edited: str) -> tuple[list[tuple], list[int]]:
    """The findings of ``code`` on ``edited`` linted through a memo that saw ``text``, checked
    against a fresh lint of ``edited``, and how many instructions the rule was run on each lint."""
    runs: list[int] = []
    memo = FindingsMemo()
    lint(text, CONFIG, rules=[counting(code, runs)], memo=memo)
    result = seen(lint(edited, CONFIG, rules=[counting(code, runs)], memo=memo))
    assert result == seen(lint(edited, CONFIG, rules=[registry.get(code)]))
    return result, runs


DL3059_TEXT = """FROM debian:12-slim
RUN echo "hello"
RUN apt-get update
RUN curl -fsSL https://example.com/a
"""


def test_dl3059_keeps_its_findings_when_typing_inside_a_word():
    found, runs = typed("DL3059", DL3059_TEXT, DL3059_TEXT.replace("hello", "well, hello"))
    assert [(message, fix[0] if fix else None) for _code, _start, _end, message, fix, _related in found] == [
        ("This RUN follows another RUN; join them with && to make one layer", "Merge into the previous RUN with &&"),
    ] * 2
    assert runs == [4]  # the first lint only


def _edited(old: str, new: str, text: str = DL3059_TEXT) -> tuple[str, str]:
    return text, text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("texts", "fixes"),
    [
        # a test does not count: with `[` renamed, the first RUN chains two commands (not flagged next to)
        (_edited("[ -f", "ab -f", DL3059_TEXT.replace('echo "hello"', '[ -f /a ] && echo "hello"')), ["safe"]),
        # the first RUN now changes shell state the second would inherit
        (_edited('echo "hello"', 'cd "hello"'), ["unsafe", "safe"]),
        # a `;` inside a quoted word of the second RUN: no merge
        (_edited("apt-get update", "apt-get update 'a;b'"), [None, "safe"]),
        # a `#` on the first RUN's last line, inside a word: no merge
        (_edited("apt-get update", "apt-get update a#b"), ["safe", None]),
        # a continuation inside a word moves that `#` off the last line: merged again
        (_edited("a#b", "a#\\\nb", DL3059_TEXT.replace("apt-get update", "apt-get update a#b")), ["safe", "safe"]),
        # a quote left open makes the rest of the second RUN one command, `&` at its end inside
        # it: typed or erased there, the merge (which would send the first RUN's commands to the
        # background too) comes and goes
        (_edited("x&", "xy", 'FROM debian:12\nRUN echo a\nRUN echo a"b x&\n'), ["safe"]),
        (_edited("xy", "x&", 'FROM debian:12\nRUN echo a\nRUN echo a"b xy\n'), [None]),
    ],
    ids=["test", "state", "semicolon", "hash", "continued", "background-erased", "background-typed"],
)
def test_dl3059_runs_again_when_what_it_reads_of_a_run_changes(texts, fixes):
    found, runs = typed("DL3059", *texts)
    assert [fix and fix[1].name.lower() for *_rest, fix, _related in found] == fixes
    assert len(runs) == 2


SZ703_TEXT = """FROM debian:12-slim
RUN echo "fetching" && curl -fsSLO https://example.com/tool/1.2.3/tool.tgz
RUN tar -xzf tool.tgz && echo "https://example.com/tool/1.2.3/notes"
"""


def test_sz703_keeps_its_findings_when_typing_inside_a_word_without_a_url():
    found, runs = typed("SZ703", SZ703_TEXT, SZ703_TEXT.replace("fetching", "now fetching"))
    assert [(message, fix[0] if fix else None) for _code, _start, _end, message, fix, _related in found] == [
        (
            "Version `1.2.3` is hard-coded in a download URL: declare `ARG TOOL_VERSION=1.2.3` and use it",
            "Extract 1.2.3 to ARG TOOL_VERSION",
        )
    ]
    assert runs == [3]  # the first lint only


@pytest.mark.parametrize(
    ("texts", "fixes"),
    [
        # another version in a URL
        (_edited("notes", "2.0.1/notes", SZ703_TEXT), ["safe", "safe"]),
        # a URL word in single quotes: the shell would not expand `${TOOL_VERSION}` there
        (
            _edited('"https://example.com/tool/1.2.3/notes"', "'https://example.com/tool/1.2.3/notes'", SZ703_TEXT),
            [None],
        ),
        # a line continuation inside a URL word: its text in the file is not the word
        (_edited("tool/1.2.3/notes", "tool/\\\n1.2.3/notes", SZ703_TEXT), ["safe"]),
    ],
    ids=["version", "quotes", "continued"],
)
def test_sz703_runs_again_when_what_it_reads_of_a_run_changes(texts, fixes):
    found, runs = typed("SZ703", *texts)
    assert [fix and fix[1].name.lower() for *_rest, fix, _related in found] == fixes
    assert len(runs) == 2


def test_sz703_runs_again_on_typing_in_a_run_whose_url_word_it_cannot_summarise():
    text = SZ703_TEXT.replace("tool/1.2.3/notes", "tool/\\\n1.2.3/notes")
    found, runs = typed("SZ703", text, text.replace("fetching", "now fetching"))
    assert len(found) == 1
    assert runs == [3]  # typed in another RUN
    found, runs = typed("SZ703", text, text.replace("tool.tgz &&", "tool.tar.gz &&"))
    assert len(found) == 1
    assert len(runs) == 2


def test_dl3059_runs_again_when_a_heredoc_opens_between_the_words_of_a_run():
    # the marker, inside the command, is cut out of the RUN's projection with its words
    text, edited = _edited("-fsSL https", "-fsSL <<EOF https")
    found, runs = typed("DL3059", text, edited)
    assert [fix and fix[1].name.lower() for *_rest, fix, _related in found] == ["safe", None]
    assert len(runs) == 2
