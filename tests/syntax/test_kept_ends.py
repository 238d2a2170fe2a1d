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


def test_kept_ends_are_worked_out_once_for_the_last_pair_and_anew_for_another(monkeypatch):
    from stanzalint.syntax import model

    walks: list[int] = []
    count = model.count
    monkeypatch.setattr(model, "count", lambda *args: walks.append(1) or count(*args))
    first = parse(TEXT)
    second = reparse(first, TEXT.replace("COPY x", "COPY xy"))
    third = reparse(second, TEXT.replace("RUN one", "RUN once"))
    assert second.kept_ends(first) == second.kept_ends(first) == (2, 2)
    assert third.kept_ends(second) == (1, 2)  # both the COPY and the RUN read again
    assert len(walks) == 2  # one walk per pair
