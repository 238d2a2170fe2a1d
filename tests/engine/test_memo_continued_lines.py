"""SZ803 (an empty line inside a continued instruction) through the memo: a finding follows an
edit of the lines a walk down a continued instruction reads outside its stage (above its
keyword, below its last line), as in a fresh lint; each test fails when the rule's declaration
leaves out the lines it reads."""

from __future__ import annotations

from test_findings_memo import linted_through_memo

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
