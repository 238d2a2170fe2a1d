from stanzalint.rules.toolkit.comments import comment_block_above
from toolkit_input import final_stage


def test_the_block_directly_above_nearest_first():
    text = (
        "# far\n\n# two\n# one\nFROM a AS base\nRUN a \\\n# inside\n  b\nFROM base\n"
        "# not above\nRUN c\n# x\n# y\nFROM base\n"
    )
    analysis, last = final_stage(text)
    first, second = analysis.stages[0], analysis.stages[1]

    def texts(stage):
        return [c.text for c in comment_block_above(analysis.dockerfile, stage.from_instruction)]

    assert texts(first) == ["one", "two"]  # the empty line ends the block
    assert texts(second) == []  # the comment above is inside the RUN
    assert texts(last) == ["y", "x"]


def test_after_a_re_parse_the_block_is_read_without_moving_every_comment():
    from stanzalint.syntax import parse
    from stanzalint.syntax.incremental import reparse

    before = "# top\nFROM a\n# one\n# two\nRUN b\n# three\nRUN c\n# four\nRUN d\n"
    after = reparse(parse(before), before.replace("RUN b", "RUN bb"))
    run_d = after.instructions[3]
    assert [(c.text, c.line, c.span.start) for c in comment_block_above(after, run_d)] == [
        ("four", 7, after.text.index("# four"))
    ]
    assert "comments" not in vars(after)  # the comments not read were not moved
