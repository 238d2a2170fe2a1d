"""SZ803 (an empty line inside a continued instruction) through the memo: a finding follows an
edit of the lines a walk down a continued instruction reads outside its stage (above its
keyword, below its last line), as in a fresh lint; each test fails when the rule's declaration
leaves out the lines it reads."""

from __future__ import annotations

from ruletest import memo_session
from stanzalint import rules as registry
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.rules.base import Rule
from test_findings_memo import linted_through_memo, published

CONFIG = Config()
MESSAGE = "Empty line inside the continued {} instruction; BuildKit will reject these"


def test_blank_lines_added_below_a_continued_last_line_are_reported():
    text = "FROM debian:12\nRUN make \\\n"
    assert linted_through_memo(["SZ803"], text, text + "\n\n") == [
        ("SZ803", "", MESSAGE.format("RUN"), "Delete the empty lines")
    ]


def test_a_blank_line_added_below_a_continuation_above_a_keyword_is_reported():
    text = "# a comment\n \\\nFROM debian:12\n"
    assert linted_through_memo(["SZ803"], text, text.replace(" \\\n", " \\\n\n")) == [
        ("SZ803", "", MESSAGE.format("FROM"), "Delete the empty line")
    ]


def test_a_blank_line_after_lines_ending_in_a_doubled_escape_is_no_continuation():
    """A doubled escape ends its instruction (BuildKit's parser): a blank line after it is
    inside nothing, whatever the edit that put it there."""
    text = "FROM debian:12\nRUN b \\\\\nFROM debian:12 \\\\\nRUN d\n"
    edited = text.replace("\\\\\nRUN d", "\\\\\n\nRUN d")
    assert linted_through_memo(["SZ803"], text, edited) == []


def test_a_continued_stage_after_a_doubled_escape_keeps_its_own_finding_only():
    """The blank line inside a continued FROM just after a RUN ending in a doubled escape is
    the FROM's, whichever stage an edit touches."""
    text = "FROM a\nRUN echo \\\\\nFROM b \\\n\n  AS c\nRUN x\n"
    for edited in (text.replace("RUN x", "RUN xy"), text.replace("echo \\\\", "echo x")):
        assert linted_through_memo(["SZ803"], text, edited) == [
            ("SZ803", "", MESSAGE.format("FROM"), "Delete the empty line")
        ]


def _counting(runs: list[list[int]]) -> Rule:
    """SZ803, recording the lines of the instructions each run is shown."""
    sz803 = registry.get("SZ803")

    def check(ctx):
        runs.append([ins.start_line + 1 for ins in ctx.dockerfile.instructions])
        return sz803.check(ctx)

    return Rule(sz803.meta, check)


def _typed(*texts: str) -> tuple[list[tuple[str, str]], list[list[int]]]:
    """Each text linted in turn through one memo on the previous parse, checked against a fresh
    lint: the last lint's findings (code, text under the span) and the lines each run was shown."""
    runs: list[list[int]] = []
    results = memo_session(texts, CONFIG, [_counting(runs)], on_analysis=False)
    for text, result in zip(texts, results):
        assert published(result) == published(lint(text, CONFIG, rules=[registry.get("SZ803")]))
    return [(v.code, texts[-1][v.span.start : v.span.end + 1]) for v in results[-1].violations], runs


STAGE = "FROM debian:12\nRUN apt-get update && \\\n\n    apt-get install -y curl\nRUN echo hello \\\n    world\n"


def test_typing_in_a_continued_run_runs_the_rule_on_that_instruction_alone():
    found, runs = _typed(STAGE, STAGE.replace("hello", "hello,"))
    assert found == [("SZ803", "\n")]  # the blank line in the first RUN, kept
    assert runs == [[1, 2, 5], [5]]


def test_a_blank_line_between_the_words_of_one_command_is_found_after_the_edit_that_adds_it():
    """Inside one command (``echo hello world``): no cut of the commands' words would show it."""
    found, runs = _typed(STAGE, STAGE.replace("hello \\\n", "hello \\\n\n"))
    assert found == [("SZ803", "\n"), ("SZ803", "\n")]
    assert runs == [[1, 2, 5], [5]]
