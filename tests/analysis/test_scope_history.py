"""The variable tables a stage builds as it is walked: a view taken at one instruction does not
see later declarations, and a stage built on another sees its base's table at the base's end."""

from __future__ import annotations

from stanzalint.analysis import analyze
from stanzalint.analysis.model import VarDecl
from stanzalint.analysis.scope import History
from stanzalint.syntax import parse


def _decl(name: str, value: str) -> VarDecl:
    return VarDecl(name=name, kind="ENV", instruction=None, name_span=None, value=value)


def test_a_view_keeps_the_table_as_it_was():
    table = History()
    table.set("A", [_decl("A", "1")])
    before = table.view()
    table.set("A", [_decl("A", "2")])
    table.set("B", [_decl("B", "3")])
    assert before.get("A")[0].value == "1"
    assert before.get("B") is None
    assert sorted((n, d[0].value) for n, d in table.view().items()) == [("A", "2"), ("B", "3")]


def test_a_child_table_reads_through_to_its_parent_view():
    base = History()
    base.set("A", [_decl("A", "1")])
    child = History(base.view())
    base.set("A", [_decl("A", "changed after the child started")])
    child.set("B", [_decl("B", "2")])
    view = child.view()
    assert view.get("A")[0].value == "1"
    assert sorted(n for n, _ in view.items()) == ["A", "B"]


def test_each_instruction_sees_the_values_before_it():
    text = "FROM debian:12 AS base\nENV A=1\nRUN echo $A\nENV A=2\nFROM base\nRUN echo $A\n"
    analysis = analyze(parse(text))
    first_run, second_run = [i for i in analysis.dockerfile.instructions if i.keyword == "RUN"]
    assert analysis.resolve("$A", first_run) == ("1", True)
    assert analysis.resolve("$A", second_run) == ("2", True)


def _table(view) -> list[tuple[str, list[str | None]]]:
    return sorted((name, [d.value for d in decls]) for name, decls in view.items())


def test_a_resumed_history_reads_as_the_view_it_resumes_and_grows_on_its_own():
    walked = History()
    walked.set("A", [_decl("A", "1")])
    middle = walked.view()
    walked.set("A", [_decl("A", "2")])
    walked.set("B", [_decl("B", "3")])
    resumed = History.resumed(middle)
    assert _table(resumed.view()) == [("A", ["1"])]
    resumed.set("C", [_decl("C", "4")])
    assert _table(resumed.view()) == [("A", ["1"]), ("C", ["4"])]
    assert _table(walked.view()) == [("A", ["2"]), ("B", ["3"])]  # left as it was


def test_histories_resumed_edit_after_edit_stand_on_the_walked_one():
    # typing in one place resumes, each time, the history the last edit resumed: each new one
    # stands on the walked history, and reads its steps up to the view it resumes
    walked = History()
    walked.set("A", [_decl("A", "1")])
    view = walked.view()
    walked.set("A", [_decl("A", "later")])
    for n in range(3):
        resumed = History.resumed(view)
        assert resumed.parent is not None and resumed.parent.history is walked
        view = resumed.view()
        resumed.set("N", [_decl("N", str(n))])  # a step after the view taken
    again = History.resumed(resumed.view())  # resumed after a step of its own: that step copied
    assert again.parent is not None and again.parent.history is walked
    assert _table(again.view()) == [("A", ["1"]), ("N", ["2"])]
    steps, values, parent = again.flat()
    assert parent is None and steps == {"A": [1], "N": [2]}
    assert [[d.value for d in decls] for decls in values["N"]] == [["2"]]
    assert [(name, steps) for name, steps, _ in again.steps_after(0)] == [("A", [1]), ("N", [2])]
