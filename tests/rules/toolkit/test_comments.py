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
