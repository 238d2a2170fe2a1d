"""A group's remembered entries: the rows an edit left alone take the last lint's entries by
place, the others are looked up by key; an undo finds the entries from before the edit; the
table holds at most twice a lint's rows."""

from __future__ import annotations

from stanzalint.command_projection import REMEMBERED_LINTS
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.findings_memo import FindingsMemo
from stanzalint.row_entries import RowEntries, unchanged_ends

CONFIG = Config()


def test_the_rows_before_and_after_an_edit_are_the_last_lints():
    assert unchanged_ends(list("abcde"), list("abXde")) == (2, 2)
    assert unchanged_ends(list("abcde"), list("abde")) == (2, 2)  # a row inserted
    assert unchanged_ends(list("abde"), list("abcde")) == (2, 2)  # a row removed
    assert unchanged_ends(list("abc"), list("abc")) == (3, 0)
    assert unchanged_ends(list("xbc"), list("abc")) == (0, 2)
    assert unchanged_ends([], list("abc")) == (0, 0)


def test_the_ends_do_not_overlap_when_rows_repeat():
    assert unchanged_ends(list("aa"), list("a")) == (1, 0)
    assert unchanged_ends(list("a"), list("aa")) == (1, 0)
    assert unchanged_ends(list("aba"), list("aa")) == (1, 1)


def test_the_unchanged_rows_entries_are_taken_by_place_the_edited_ones_by_key():
    remembered: RowEntries[str] = RowEntries()
    assert remembered.recall(["a", "b", "c"]) == ([None, None, None], range(0, 3), 0)
    remembered.keep(["a", "b", "c"], ["A", "B", "C"], range(3))
    entries, looked, head = remembered.recall(["a", "x", "c"])
    assert (entries, looked, head) == (["A", None, "C"], [1], 1)
    remembered.keep(["a", "x", "c"], ["A", "X", "C"], looked)
    assert remembered.recall(["a", "b", "c"]) == (["A", "B", "C"], [1], 1)  # the undo finds "b"
    assert remembered.recall(["c", "a", "x"]) == (["C", "A", "X"], [0, 1, 2], 0)  # moved rows by key
    # another count of rows: the ends are the last lint's, the rows between looked up
    assert remembered.recall(["a", "x", "y", "c"]) == (["A", "X", None, "C"], range(2, 3), 2)


def test_with_as_many_rows_a_row_is_the_last_lints_when_its_key_is_the_same_object():
    remembered: RowEntries[tuple[str]] = RowEntries()
    keys = [("a",), ("b",), ("c",)]
    remembered.keep(keys, ["A", "B", "C"], range(3))
    again = [keys[0], tuple(["b"]), keys[2]]  # an equal key made anew is looked up: it is in the table
    assert remembered.recall(again) == (["A", "B", "C"], [1], 1)
    remembered.keep(again, ["A", "B2", "C"], [1])
    assert remembered.table[("b",)] == "B2"


def test_the_rows_named_changed_are_looked_up_only_when_named_against_the_last_lint_s_keys():
    remembered: RowEntries[tuple[str]] = RowEntries()
    keys = [("a",), ("b",), ("c",)]
    remembered.keep(keys, ["A", "B", "C"], range(3))
    again = [keys[0], ("x",), keys[2]]
    assert remembered.recall(again, (keys, [1])) == (["A", None, "C"], [1], 1)
    # changes named against another list than the last lint's keys: each row is compared
    assert remembered.recall(again, (list(keys), [])) == (["A", None, "C"], [1], 1)


def test_an_entry_lives_while_the_last_two_lints_used_it_and_the_table_stays_bounded():
    remembered: RowEntries[str] = RowEntries()
    keys = [f"row {i}" for i in range(10)]
    remembered.keep(keys, keys, range(10))
    for n in range(100):
        before, keys = keys, list(keys)
        keys[3] = f"typed {n}"
        entries, looked, head = remembered.recall(keys)
        assert (list(looked), head) == ([3], 3) and entries[3] is None
        remembered.keep(keys, [str(e) for e in entries], looked)
        assert len(remembered) <= 2 * len(keys)
        assert remembered.table.get(before[3]) is not None  # the lint before's row
        assert remembered.table.get(keys[3]) is not None


def test_a_moved_row_finds_the_entry_a_recent_lint_had_where_it_now_stands():
    """A row moved back where it stood a few lints ago (typing a word, then erasing it) takes
    the entry a lint then had there, for the same key; elsewhere, or with another key, a copy."""
    remembered: RowEntries[str] = RowEntries()
    copies: list[tuple[str, tuple[int, int]]] = []

    def move(entry: str, place: tuple[int, int]) -> str:
        copies.append((entry, place))
        return f"{entry}@{place[0]}"

    found = []
    for was, now in [((10, 2), (11, 2)), ((11, 2), (12, 2)), ((12, 2), (13, 2)), ((13, 2), (12, 2))]:
        found.append(remembered.moved("k", found[-1] if found else "E", was, now, move))
        remembered.keep(["k"], [found[-1]], [])
    assert found == ["E@11", "E@11@12", "E@11@12@13", "E@11@12"]  # the copy made two lints before
    assert remembered.moved("k", found[-1], (12, 2), (11, 2), move) == "E@11"  # four lints before
    assert remembered.moved("k", "E@11", (11, 2), (10, 2), move) == "E"  # where it stood at first
    assert remembered.moved("other", "O", (11, 2), (10, 2), move) == "O@10"  # another key: a copy
    assert len(copies) == 4


def test_the_entries_of_moved_rows_are_let_go_after_the_remembered_lints():
    remembered: RowEntries[str] = RowEntries()
    remembered.moved("k", "E", (10, 2), (11, 2), lambda entry, place: f"{entry}@{place[0]}")
    for _ in range(REMEMBERED_LINTS):
        remembered.keep(["k"], ["x"], [])
    assert remembered.moved("k", "F", (12, 2), (10, 2), lambda entry, place: f"{entry}@{place[0]}") == "F@10"


def test_an_erase_hands_back_the_findings_the_lint_before_made_where_they_stood():
    memo = FindingsMemo()
    text = "FROM debian:12\nRUN echo a\n" + "RUN sudo ls\n" * 3
    first = lint(text, CONFIG, memo=memo).violations
    typed = lint(text.replace("echo a", "echo ab"), CONFIG, memo=memo).violations
    erased = lint(text, CONFIG, memo=memo).violations
    sudo = [v for v in first if v.code == "DL3004"]
    assert len(sudo) == 3
    assert [(v.span.start, v.span.end) for v in typed if v.code == "DL3004"] == [
        (v.span.start + 1, v.span.end + 1) for v in sudo
    ]
    assert [v for v in erased if v.code == "DL3004"] == sudo
    assert all(a is b for a, b in zip([v for v in erased if v.code == "DL3004"], sudo))  # not copied again
