from stanzalint.syntax import parse
from stanzalint.syntax.incremental import reparse

TEXT = "FROM a\nRUN one\nCOPY x /x\nRUN two\nRUN three\n"


def test_a_keystroke_keeps_the_instructions_before_it_and_moves_those_after_it():
    first = parse(TEXT)
    second = reparse(first, TEXT.replace("COPY x", "COPY xy"))
    assert second.kept_ends(first) == (2, 2)
    assert second.instructions[:2] == first.instructions[:2]


def test_an_added_instruction_is_neither_kept_nor_moved():
    first = parse(TEXT)
    second = reparse(first, TEXT.replace("RUN one\n", "RUN one\nRUN new\n"))
    head, tail = second.kept_ends(first)
    assert head <= 2 and tail <= len(first.instructions) - 2
    assert all(second.instructions[i] is first.instructions[i] for i in range(head))
    assert [second.text[i.span.start : i.span.end] for i in second.instructions[len(second.instructions) - tail :]] == (
        TEXT.splitlines()[len(TEXT.splitlines()) - tail :]
    )


def test_a_parse_not_made_on_the_previous_one_has_no_moved_tail():
    first = parse(TEXT)
    other = reparse(parse(TEXT), TEXT.replace("RUN one", "RUN once"))
    assert other.kept_ends(first) == (0, 0)
