from types import SimpleNamespace

from stanzalint.partial import restricted
from stanzalint.rules.toolkit.variables import (
    ReportedNames,
    declarations,
    declared_in_same_arg,
    expand_with,
    global_arg_values,
    image_env,
    unset_message,
    used_global_args,
)
from toolkit_input import analysed, rule_context


def test_global_arg_values_expand_in_order_with_platform_defaults():
    text = "ARG BASE=debian\nARG TAG=${BASE}-12\nARG EMPTY\nARG P=$TARGETARCH\nFROM x\n"
    _, analysis = analysed(text)
    env = global_arg_values(analysis, text, "\\")
    assert (env["TAG"], env["P"], "EMPTY" in env) == ("debian-12", "amd64", False)


def test_expand_with_unset_names_empty():
    assert expand_with("${A}-${B:-b}-$C", "\\", {"A": "a"}) == "a-b-"


def test_declared_in_same_arg():
    dockerfile, _ = analysed("FROM x\nARG A=1 B=$A\n")
    arg = dockerfile.instructions[1]
    assert declared_in_same_arg(arg, "A", arg.args[1].span.start)
    assert not declared_in_same_arg(arg, "B", arg.args[1].span.start)


def test_image_env():
    assert "PYTHON_VERSION" in image_env("library/python")
    assert image_env("debian") == frozenset()
    assert image_env("someone/unknown") is None


def test_used_global_args_are_referenced_or_redeclared_in_a_stage():
    text = "ARG BASE=debian\nARG TAG=12\nARG V=1\nARG UNUSED=2\nFROM $BASE:$TAG\nARG V\nRUN echo $TAG\n"
    _, analysis = analysed(text)
    assert used_global_args(analysis) == {"BASE", "TAG", "V"}


def test_used_global_args_when_every_one_or_none_is_used():
    _, analysis = analysed("ARG A=1\nARG B=2\nFROM x:$A\nRUN echo $B $A\nARG B\n")
    assert used_global_args(analysis) == {"A", "B"}
    _, analysis = analysed("FROM x\nARG A=1\nRUN echo $A\n")
    assert used_global_args(analysis) == frozenset()


def test_declarations_are_those_of_the_instructions_the_rule_is_shown():
    text = "ARG G=1\nFROM x AS a\nENV E=1 F=2\nFROM x\nARG A B=2\nONBUILD ARG O\n"
    ctx = rule_context(text)
    assert [(d.kind, d.name) for d in declarations(ctx)] == [
        ("ARG", "G"),
        ("ENV", "E"),
        ("ENV", "F"),
        ("ARG", "A"),
        ("ARG", "B"),
    ]
    second = ctx.analysis.stages[1]
    dockerfile, analysis = restricted(ctx.dockerfile, ctx.analysis, second.instructions, [second])
    shown = SimpleNamespace(dockerfile=dockerfile, analysis=analysis)  # what a rule run on that stage sees
    assert [d.name for d in declarations(shown)] == ["A", "B"]


def test_reported_names_one_report_per_name_and_instruction():
    _, analysis = analysed("FROM x\nRUN echo $A $A $B\nRUN echo $A\n")
    reported = ReportedNames()
    lines = {id(ins): n for n, ins in enumerate(analysis.dockerfile.instructions)}
    firsts = [(lines[id(ref.instruction)], ref.name) for ref in analysis.refs if reported.first(ref)]
    assert firsts == [(1, "A"), (1, "B"), (2, "A")]


def test_unset_message_adds_the_near_miss_when_there_is_one():
    _, analysis = analysed("FROM x\nLABEL a=$VERSON\n")
    ref = next(r for r in analysis.refs if r.name == "VERSON")
    assert unset_message(ref, "not set", None) == "`$VERSON` is not set"
    assert unset_message(ref, "not set", "VERSION") == "`$VERSON` is not set (did you mean `$VERSION`?)"
