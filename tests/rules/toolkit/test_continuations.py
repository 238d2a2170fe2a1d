from stanzalint.rules.toolkit.continuations import (
    continued_line,
    continued_outside,
    may_find_blank_lines,
    walk_continued,
)
from toolkit_input import analysed


def rows(dockerfile):
    return [(ins.span.start, ins.span.end, ins.start_line) for ins in dockerfile.instructions]


def test_a_continued_line_ends_with_the_escape_character_then_blanks():
    assert continued_line("\\").search("RUN a \\ \t")
    assert not continued_line("\\").search("RUN a \\ b")
    assert continued_line("`").search("RUN a `")
    assert continued_line("\\").search("\\")
    assert not continued_line("\\").search("RUN echo \\\\")  # a doubled escape ends the instruction
    assert not continued_line("`").search("RUN echo `` ")


def test_the_walk_collects_the_blank_lines_skips_comments_and_stops_at_the_first_plain_line():
    dockerfile, _ = analysed("RUN a \\\n\n# note\n  \\\n \t\n  b\nRUN c\n")
    assert walk_continued(dockerfile.lines, 0, continued_line("\\")) == ([1, 4], 5)


def test_the_walk_stops_at_the_end_of_the_file():
    """After the text's last line break no line follows (the index counts an empty one there)."""
    dockerfile, _ = analysed("RUN a \\\n\n")
    assert walk_continued(dockerfile.lines, 0, continued_line("\\")) == ([1], 2)
    dockerfile, _ = analysed("RUN a \\\n\n  ")
    assert walk_continued(dockerfile.lines, 0, continued_line("\\")) == ([1, 2], 3)


def test_an_instruction_whose_lines_are_its_own_reads_nothing_outside_it():
    dockerfile, _ = analysed("FROM a\n  RUN b \\\n\n    c\n\nCMD d\n")
    assert continued_outside(dockerfile, rows(dockerfile)) == [None, None, None]


def test_below_a_last_line_that_ends_with_the_escape_character_down_to_where_the_walk_stops():
    text = "FROM a\nRUN b \\\\\nRUN c \\\\\n\n# x\nRUN d\nRUN e\n"  # a doubled escape ends an instruction
    dockerfile, _ = analysed(text)
    assert continued_outside(dockerfile, rows(dockerfile)) == [None, None, None, None, None]
    dockerfile, _ = analysed("FROM a\nRUN b \\\n\n")
    assert continued_outside(dockerfile, rows(dockerfile)) == [None, ("", "\n\n")]


def test_above_the_lines_a_continuation_joins_to_the_keyword():
    dockerfile, _ = analysed("FROM a\n \\\n\nRUN b\n")
    assert continued_outside(dockerfile, rows(dockerfile)) == [None, (" \\\n\n", "")]


def test_a_walk_may_meet_a_blank_line_inside_the_instruction_or_past_its_continued_last_line():
    def may(text):
        dockerfile, _ = analysed(text)
        ins = dockerfile.instructions[-1]
        return may_find_blank_lines(dockerfile, ins.start_line, ins.span.end)

    assert not may("FROM a\nRUN b \\\n  # note\n  c \\\n  d\n")
    assert may("FROM a\nRUN b \\\n \t\n  c\n")
    assert may("FROM a\r\nRUN b \\\r\n\r\n  c\r\n")
    assert may("FROM a\nRUN b \\\n")
