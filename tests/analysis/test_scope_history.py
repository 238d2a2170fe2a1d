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
