"""Keystrokes that change only text between instructions (comments, blank lines, lines added or
removed there) through the findings memo: each lint reports exactly what a fresh lint reports,
also when the comment typed is one that decides something (a suppression, the shell pragma, a
parser directive) or lies inside a RUN's continuation, and the layout of the stages is taken
over from the last lint where the edit left it as it was."""

from __future__ import annotations

import pytest
from ruletest import memo_session
from stanzalint.config import Config
from stanzalint.engine import lint, prepare
from stanzalint.findings_memo import LastLint, LintRows, Tokens
from stanzalint.rules.base import Scope
from stanzalint.rules.lint_facts import LintFacts
from test_findings_memo import published

CONFIG = Config()

TEXT = (
    "FROM debian:12 AS build\n"
    "RUN apt-get install curl\n"
    "RUN cd /tmp && \\\n"
    "    make\n"
    "\n"
    "FROM build AS test\n"
    "RUN make test\n"
    "\n"
    "FROM debian:12\n"
    "COPY --from=build /a /a\n"
    "RUN apt-get update\n"
)


def typed(text: str, at: int, word: str) -> list[str]:
    """The texts one keystroke after another while ``word`` is typed at ``at``."""
    return [text[:at] + word[:n] + text[at:] for n in range(1, len(word) + 1)]


def erased(text: str, at: int, count: int) -> list[str]:
    """The texts one keystroke after another while the ``count`` characters before ``at`` are erased."""
    return [text[: at - n] + text[at:] for n in range(1, count + 1)]


def assert_each_lint_is_a_fresh_one(texts: list[str]) -> list:
    """Lint each text in turn through one memo on the previous parse, as the server does,
    asserting each equals a fresh lint; the last lint's findings."""
    results = memo_session(texts, CONFIG)
    for text, result in zip(texts, results):
        assert published(result) == published(lint(text, CONFIG)), text
    return published(results[-1])


def after(marker: str) -> int:
    """The offset in ``TEXT`` just after ``marker``."""
    return TEXT.index(marker) + len(marker)


def test_a_comment_typed_between_two_instructions_of_a_stage_and_erased():
    at = after("install curl\n")
    comment = typed(TEXT, at, "# fetch it\n")
    assert_each_lint_is_a_fresh_one([TEXT, *comment, *erased(comment[-1], at + len("# fetch it\n"), 11)])


def test_a_comment_turned_into_a_suppression_of_the_next_instruction_s_findings():
    at = after("install curl\n")
    comment = TEXT[:at] + "# hadolint ignore\n" + TEXT[at:]
    suppressed = typed(comment, at + len("# hadolint ignore"), "=DL3003")
    found = assert_each_lint_is_a_fresh_one([TEXT, comment, *suppressed])
    assert "DL3003" in [f[0] for f in assert_each_lint_is_a_fresh_one([TEXT, comment])]
    assert "DL3003" not in [f[0] for f in found]


def test_a_comment_turned_into_the_shell_pragma():
    at = after("install curl\n")
    comment = TEXT[:at] + "# hadolint \n" + TEXT[at:]
    assert_each_lint_is_a_fresh_one([TEXT, comment, *typed(comment, at + len("# hadolint "), "shell=powershell")])


def test_a_comment_at_the_top_turned_into_the_escape_directive():
    comment = "# \n" + TEXT
    assert_each_lint_is_a_fresh_one([TEXT, comment, *typed(comment, 2, "escape=`")])


def test_a_comment_line_typed_inside_a_run_s_continuation():
    at = after("cd /tmp && \\\n")
    assert_each_lint_is_a_fresh_one([TEXT, *typed(TEXT, at, "    # build it\n")])


@pytest.mark.parametrize("marker", ["make\n", "make test\n", "RUN apt-get update\n"])
def test_blank_lines_added_and_removed_after_an_instruction(marker):
    at = after(marker)
    added = typed(TEXT, at, "\n\n")
    assert_each_lint_is_a_fresh_one([TEXT, *added, *erased(added[-1], at + 2, 2), *erased(TEXT, at + 1, 1)])


def test_spaces_typed_on_a_blank_line_between_two_stages_and_a_comment_after_them():
    at = after("make\n")
    spaces = typed(TEXT, at, "   ")
    assert_each_lint_is_a_fresh_one([TEXT, *spaces, *typed(spaces[-1], at + 3, " # next")])


def test_a_comment_typed_above_the_final_stage_s_from():
    """The text above the final FROM decides whether it is a base image (``text_above_final_from``)."""
    text = 'FROM python:3.12 AS other\nRUN echo\n\nFROM myorg/app:1\nRUN make\nCMD ["app"]\n'
    at = text.index("\nFROM myorg")  # on the blank line above it
    assert "SZ501" in [f[0] for f in assert_each_lint_is_a_fresh_one([text])]
    found = assert_each_lint_is_a_fresh_one([text, *typed(text, at, "# Base image for our services")])
    assert "SZ501" not in [f[0] for f in found]


def test_a_comment_typed_after_the_last_instruction_and_a_line_removed_before_it():
    comment = typed(TEXT, len(TEXT), "# the end\n")
    assert_each_lint_is_a_fresh_one([TEXT, *comment, *erased(comment[-1], len(TEXT) - 1, 1)])


def rows_after(*texts: str) -> list[LintRows]:
    """The rows of each text, each linted on the parse of the one before, the columns read as
    the stage rules read them."""
    tokens, last, previous, found = Tokens(), LastLint(), None, []
    for text in texts:
        tokens.next_lint()
        rows = LintRows(LintFacts(*prepare(text, CONFIG, previous), CONFIG), tokens, last)
        rows.declarations_before(Scope.INSTRUCTION), rows.row_tokens(Scope.STAGE), rows.stage_tokens
        found.append(rows)
        previous = rows.analysis
    return found


@pytest.mark.parametrize(
    "edited, stages_changed",
    [
        (TEXT.replace("curl\n", "curl\n# fetch it\n"), [True, False, False]),  # inside the first stage
        (TEXT.replace("make\n\n", "make\n  \n"), [False, False, False]),  # between two stages
        (TEXT.replace("make\n\n", "make\n\n\n"), [False, False, False]),
        (TEXT.replace("make\n\n", "make\n"), [False, False, False]),
        (TEXT + "# the end\n", [False, False, False]),
    ],
)
def test_an_edit_between_instructions_takes_the_layout_over_and_makes_again_only_its_stage_s_token(
    edited, stages_changed
):
    first, second = rows_after(TEXT, edited)
    assert second.declarations_before(Scope.INSTRUCTION) is first.declarations_before(Scope.INSTRUCTION)
    assert [a is not b for a, b in zip(second.stage_tokens, first.stage_tokens)] == stages_changed


PRELUDE = "ARG V=1\n" + TEXT


@pytest.mark.parametrize(
    "text, edited",
    [
        (TEXT, TEXT.replace("test\n\n", "test\n# a base image\n")),  # above the final FROM
        (TEXT, TEXT.replace("curl\n", "curl\n# hadolint shell=pwsh\n")),
        (TEXT, TEXT.replace("make\n\n", "make \\\n\n")),  # the RUN takes the next lines in
        (TEXT, TEXT.replace("\nFROM build", "\n  FROM build")),  # the first line of a stage before its FROM
        (PRELUDE, PRELUDE.replace("V=1\n", "V=1\n# the version\n")),  # the text before the first FROM
    ],
)
def test_an_edit_between_instructions_that_may_change_what_the_layout_reads_makes_it_again(text, edited):
    first, second = rows_after(text, edited)
    assert second.declarations_before(Scope.INSTRUCTION) is not first.declarations_before(Scope.INSTRUCTION)


def test_spaces_typed_before_a_from_and_a_comment_typed_before_the_first_from():
    at = TEXT.index("FROM build")
    assert_each_lint_is_a_fresh_one([TEXT, *typed(TEXT, at, "  "), *erased(TEXT[:at] + "  " + TEXT[at:], at + 2, 2)])
    at = PRELUDE.index("FROM")
    assert_each_lint_is_a_fresh_one([PRELUDE, *typed(PRELUDE, at, "# the base\n")])
