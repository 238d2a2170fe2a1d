"""The analysis of an edited text, made on the analysis before the edit, is the fresh analysis:
it keeps the facts of the instructions before the edit (the same objects) and walks the rest."""

from __future__ import annotations

import pytest
from edits import TEXTS, edits
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stanzalint.analysis import analyze
from stanzalint.engine import prepare
from stanzalint.syntax import parse
from stanzalint.syntax.incremental import reparse


def snapshot(analysis):
    """Every fact the rules read of an analysis, as comparable values: stages and their images,
    declarations, references (with the declarations reaching them), each instruction's scope,
    SHELL, stage and shell commands; and that a reference's declarations are the analysis' own
    objects (rules compare them by identity)."""

    def span(s):
        return None if s is None else (s.start, s.end)

    expanded = expansions(analysis)  # first: before anything else has made the facts still to make

    def decl(d):
        at = d.instruction.span.start if d.instruction is not None else None
        return d.name, d.kind, at, span(d.name_span), d.value, span(d.value_span), d.stage

    own = {id(d) for d in analysis.decls}
    for ref in analysis.refs:
        for d in ref.decls:
            assert d.kind == "predefined" or id(d) in own, f"{ref.name} reads a declaration of another analysis"
    stages = [
        (
            s.index,
            s.name,
            span(s.name_span),
            s.platform,
            None if s.image is None else (s.image.raw, span(s.image.span), s.image.resolved, s.image.unresolved),
            None if s.base_stage is None else s.base_stage.index,
            [b.index for b in s.base_candidates],
            [i.span.start for i in s.instructions],
        )
        for s in analysis.stages
    ]
    refs = [
        (r.name, span(r.span), span(r.name_span), r.instruction.span.start, r.operator, r.word)
        + ([decl(d) for d in r.decls], r.value, r.in_shell, r.shell_assigned, r.heredoc)
        for r in analysis.refs
    ]
    instructions = []
    for ins in analysis.dockerfile.walk():
        stage = analysis.stage_of(ins)
        commands = []
        if ins.keyword == "RUN":
            commands = [
                (c.name, span(c.span), [(w.value, span(w.span)) for w in c.words], c.instruction is ins)
                for c in analysis.commands(ins)
            ]
        visible = sorted((name, decl(d)) for name, d in analysis.visible_vars(ins).items())
        instructions.append((ins.span.start, stage and stage.index, analysis.shell_of(ins), visible, commands))
    return (
        stages,
        [decl(d) for d in analysis.decls],
        [decl(d) for d in analysis.global_args],
        refs,
        instructions,
        analysis.final_stage and analysis.final_stage.index,
        analysis.shell_pragma,
        expanded,
    )


def expansions(analysis):
    """Each top-level instruction's expansion of a word naming (up to 40 of) the names its ARG and
    ENV instructions declare, read off their parsed words (a regular expression over a text of
    random edits can take minutes)."""
    names = set()
    for ins in analysis.dockerfile.instructions:
        if ins.keyword in ("ARG", "ENV"):
            names.update(t.value.partition("=")[0] for t in ins.args)
    word = ":".join(f"${{{name}}}" for name in sorted(n for n in names if n.isidentifier() and n.isascii())[:40])
    return [analysis.resolve(word, ins) for ins in analysis.dockerfile.instructions]


def edited(data, most):
    """(text, its analysis) after each of 1 to ``most`` random edits of a corpus text, each
    analysis made on the one before."""
    text = data.draw(st.sampled_from(TEXTS))
    analysis = prepare(text)[1]
    for _ in range(data.draw(st.integers(1, most))):
        start, end, inserted = data.draw(edits(text))
        text = text[:start] + inserted + text[end:]
        analysis = prepare(text, None, analysis)[1]
        yield text, analysis


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_the_analysis_on_the_previous_one_equals_a_fresh_analysis_after_each_edit(data):
    for text, analysis in edited(data, 4):
        assert snapshot(analysis) == snapshot(analyze(parse(text)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_analyses_read_little_or_nothing_between_edits_still_end_as_a_fresh_one(data):
    # the scopes of a moved stage are made when asked for: a stage moved again and again while
    # nobody asks, or asked about in part, must still answer as a fresh analysis
    for _, analysis in edited(data, 6):
        instructions = analysis.dockerfile.instructions
        if instructions:
            for ins in data.draw(st.lists(st.sampled_from(instructions), max_size=3)):
                analysis.visible_vars(ins)
    assert snapshot(analysis) == snapshot(analyze(parse(analysis.dockerfile.text)))


BEFORE = (
    "ARG BASE=alpine\n"
    "FROM $BASE AS build\n"
    "ARG V=1\n"
    "ENV P=/opt/$V\n"
    "RUN make $P\n"
    "FROM build\n"
    "ARG V\n"
    "RUN echo $V $P\n"
    "RUN install\n"
)


def reanalysed(old, text):
    """The analysis of ``text`` on ``old`` (its parse re-read on ``old``'s), checked to equal a
    fresh analysis of ``text``."""
    new = analyze(reparse(old.dockerfile, text), previous=old)
    assert snapshot(new) == snapshot(analyze(parse(text)))
    return new


def test_a_keystroke_keeps_the_facts_before_it_as_they_are():
    old = analyze(parse(BEFORE))
    new = reanalysed(old, BEFORE.replace("RUN install", "RUN installp"))
    assert new.stages[0] is old.stages[0]
    assert new.stages[1] is not old.stages[1]  # the edited stage is walked again
    assert new.refs[:-1] == old.refs[:-1] and all(a is b for a, b in zip(new.refs, old.refs[:-1]))
    echo = new.dockerfile.instructions[7]
    assert [(r.name, r.value) for r in new.refs_in(echo)] == [("V", "1"), ("P", "/opt/1")]


def test_an_edit_inside_a_stage_walks_on_with_the_tables_it_had_there():
    old = analyze(parse(BEFORE))
    new = reanalysed(old, BEFORE.replace("RUN echo $V $P", "ENV V=2\nRUN echo $V $P"))
    echo = new.dockerfile.instructions[8]
    assert [(r.name, r.value) for r in new.refs_in(echo)] == [("V", "2"), ("P", "/opt/1")]


def test_a_changed_global_arg_or_shell_pragma_walks_the_whole_file_again():
    old = analyze(parse(BEFORE))
    for text in (BEFORE.replace("alpine", "debian"), BEFORE + "# hadolint shell=pwsh\n"):
        assert reanalysed(old, text).stages[0] is not old.stages[0]


STAGES = (
    "ARG V=1\n"
    "FROM alpine AS base\n"
    "ARG V\n"
    "ENV P=/opt/$V\n"
    "RUN make\n"
    "FROM base AS child\n"
    "RUN echo $P $V\n"
    "FROM debian AS other\n"
    "ARG V\n"
    "RUN echo $V\n"
)


def walked_bodies(monkeypatch, old, text):
    """The new analysis of ``text`` on ``old``, and each stage body it walked: (the stage's
    index, the first line of each instruction walked)."""
    from stanzalint.analysis.variables import VariableWalker

    walked = []
    body = VariableWalker.body

    def recording(self, instructions, stage, env, args):
        walked.append((stage.index, [ins.original.split("\n")[0] for ins in instructions]))
        return body(self, instructions, stage, env, args)

    monkeypatch.setattr(VariableWalker, "body", recording)
    new = analyze(reparse(old.dockerfile, text), previous=old)
    monkeypatch.undo()
    return new, walked


def walked_stages(monkeypatch, old, text):
    """The new analysis of ``text`` on ``old``, and the indices of the stages it walked."""
    new, bodies = walked_bodies(monkeypatch, old, text)
    return new, [index for index, _ in bodies]


def test_the_stages_after_an_edit_are_moved_unless_built_on_an_edited_one(monkeypatch):
    old = analyze(parse(STAGES))
    text = STAGES.replace("RUN make", "RUN make all")
    new, walked = walked_stages(monkeypatch, old, text)
    assert walked == [0, 1]  # the edited stage, and the one built on it; "other" is moved
    assert snapshot(new) == snapshot(analyze(parse(text)))
    echo = new.dockerfile.instructions[-1]
    assert [(r.name, r.value, r.span.start) for r in new.refs_in(echo)] == [("V", "1", text.rindex("$V"))]


def test_a_moved_stage_makes_an_instructions_scope_when_asked_for_it():
    old = analyze(parse(STAGES))
    text = STAGES.replace("RUN make", "RUN make all")
    new = analyze(reparse(old.dockerfile, text), previous=old)
    moved = new.dockerfile.instructions[-3:]  # the stage "other", moved
    assert not any(id(ins) in new._scopes for ins in moved)
    echo = moved[-1]
    assert new.resolve("$V", echo) == ("1", True)
    assert id(echo) in new._scopes and id(moved[0]) not in new._scopes
    again = "\n".join(text.split("\n")[:-2]) + "\nARG V=2\nRUN echo $V\n"  # moved again, unread
    assert snapshot(analyze(reparse(new.dockerfile, again), previous=new)) == snapshot(analyze(parse(again)))
    later = text.replace("RUN make all", "RUN make all -j")
    newer = analyze(reparse(new.dockerfile, later), previous=new)
    assert newer.resolve("$V", newer.dockerfile.instructions[-1]) == ("1", True)
    assert snapshot(newer) == snapshot(analyze(parse(later)))


def test_a_renamed_stage_walks_the_stages_that_name_it_again(monkeypatch):
    old = analyze(parse(STAGES))
    text = STAGES.replace("AS base", "AS basis")
    new, walked = walked_stages(monkeypatch, old, text)
    assert walked == [0, 1]  # "child" is now built on the image "base", not on the stage
    assert new.stages[1].base_stage is None
    assert snapshot(new) == snapshot(analyze(parse(text)))


LONG_STAGE = (
    "ARG V=1\n"
    "FROM alpine AS base\n"
    "ARG V\n"
    "RUN make $V\n"
    "RUN check\n"
    "ENV P=/opt/$V\n"
    "RUN echo $P\n"
    'SHELL ["/bin/bash", "-c"]\n'
    "RUN echo $P $V\n"
    "FROM base AS child\n"
    "RUN echo $P\n"
)


def test_a_keystroke_in_a_run_walks_that_run_and_moves_the_rest_of_its_stage(monkeypatch):
    old = analyze(parse(LONG_STAGE))
    text = LONG_STAGE.replace("RUN make $V", "RUN makep $V")
    new, walked = walked_bodies(monkeypatch, old, text)
    assert walked == [(0, ["RUN makep $V"]), (1, ["RUN echo $P"])]  # the edited RUN; the stage built on it
    assert snapshot(new) == snapshot(analyze(parse(text)))
    echo = new.dockerfile.instructions[8]
    assert [(r.name, r.value, r.span.start) for r in new.refs_in(echo)] == [
        ("P", "/opt/1", text.index("$P $V")),
        ("V", "1", text.index("$V\nFROM")),
    ]
    env = new.decls_of(new.dockerfile.instructions[5])[0]
    assert env.instruction is new.dockerfile.instructions[5] and env.name_span.start == text.index("P=/opt")


@pytest.mark.parametrize(
    "old_line, new_line",
    [
        ("RUN check\n", "RUN check\nARG V=2\n"),  # a declaration added
        ("RUN check\nENV P=/opt/$V\n", "RUN check\n"),  # a declaration deleted
        ("RUN check\n", 'SHELL ["pwsh", "-c"]\n'),  # the SHELL set
        ('SHELL ["/bin/bash", "-c"]\n', 'SHELL ["pwsh", "-c"]\n'),
        ("RUN check\n", "RUN check\nFROM scratch\n"),  # a stage begins
        ("RUN make $V\nRUN check\nENV P=/opt/$V\n", "RUN make $V\n"),
    ],
)
def test_an_edit_that_declares_or_sets_the_shell_walks_on_to_the_end_of_the_stage(old_line, new_line):
    reanalysed(analyze(parse(LONG_STAGE)), LONG_STAGE.replace(old_line, new_line))


def test_edits_one_after_another_in_a_stage_whose_rest_was_moved():
    text = LONG_STAGE
    analysis = analyze(parse(text))
    for old_line, new_line in [
        ("RUN echo $P $V", "RUN echo $P $Vx"),
        ("RUN make $V", "RUN make $V1"),
        ("RUN echo $P\n", "RUN echo $P2\n"),
        ("RUN check", "RUN checked"),
        ("ENV P=/opt/$V", "ENV P=/usr/$V"),
    ]:
        text = text.replace(old_line, new_line, 1)
        analysis = reanalysed(analysis, text)


INTERLEAVED = (
    "FROM alpine AS base\n"
    "ARG V=1\n"
    "RUN make $V\n"
    "FROM base AS built-on-base\n"
    "RUN echo $V ${V}\n"
    "FROM alpine AS other\n"
    "ARG W=2\n"
    "RUN echo $W\n"
    "FROM alpine AS quiet\n"
    "RUN true\n"
    "FROM base AS again\n"
    "ENV X=$V\n"
    "FROM other AS last\n"
    "RUN echo $W $X\n"
)


def test_moved_stages_between_walked_ones_take_their_own_declarations_and_references(monkeypatch):
    # the stages built on the edited one are walked; those in between (one without any
    # declaration or reference) are moved, each with its own declarations and references
    old = analyze(parse(INTERLEAVED))
    text = INTERLEAVED.replace("RUN make $V", "RUN make all $V")
    new, walked = walked_stages(monkeypatch, old, text)
    assert walked == [0, 1, 4]
    assert snapshot(new) == snapshot(analyze(parse(text)))
    last = new.dockerfile.instructions[-1]
    assert [(r.name, r.value, r.span.start) for r in new.refs_in(last)] == [("W", "2", text.rindex("$W"))] + [
        ("X", None, text.rindex("$X"))
    ]


MOVED = (
    "ARG BASE=alpine\n"
    "ARG TAG\n"
    "FROM --platform=$BUILDPLATFORM $BASE AS build\n"
    "ARG V=1\n"
    "RUN make $V\n"
    "FROM build AS test\n"
    "RUN test $V\n"
    "FROM ${BASE}:${TAG} AS other\n"
    "ONBUILD RUN echo $V\n"
    "FROM bu$TAG AS last\n"
    "COPY --from=test /out /out\n"
    "RUN echo $V\n"
)


@pytest.mark.parametrize(
    "steps",
    [
        [("make $V", "makes $V"), ("echo $V\n", "echox $V\n")],  # an edit in the first stage, then in the last
        [("echox $V\n", "echo $V\n"), ("make $V", "mak $V")],  # in the last, then in the first
        [("AS build", "AS builder")],  # the stage "test" is built on is renamed: "test" is linked again
        [("make $V", "make  $V"), ("AS test", "AS tests")],  # renamed: COPY --from no longer names it
        [("ARG TAG\n", "ARG TAG=1\n"), ("make $V", "make $V x")],  # a global ARG: every FROM word again
        [("ONBUILD RUN echo", "ONBUILD RUN echo x")],
    ],
)
def test_moved_stages_keep_their_names_and_links_only_while_what_they_read_is_unchanged(steps):
    # a moved FROM takes the old stage's name, platform, image and bases without reading its
    # words: edits before it that rename a stage, or change a global ARG, must link it again
    old = analyze(parse(MOVED))
    text = MOVED
    for before, after in steps:
        text = text.replace(before, after, 1)
        old = reanalysed(old, text)
    last = old.stages[-1]
    assert [s.name for s in old.stages] == [s.name for s in analyze(parse(text)).stages]
    assert last.image is not None and last.image.span.start == text.index("bu$TAG")


@pytest.mark.parametrize("typed_in", ["RUN echo $V $P", "RUN install", "ARG V"])
def test_the_scopes_kept_are_those_of_the_instructions_before_the_edit_only(typed_in):
    """An edit's analysis keeps the scopes of the instructions before it, the table copied less
    those after the edit when those are fewer: no scope of an instruction the edit replaced or
    moved stays in it (a new object may take its place in memory, and would read that scope)."""
    old = analyze(parse(BEFORE))
    for ins in old.dockerfile.instructions:  # every scope made, the moved ones too
        old.scope_of(ins)
    text = BEFORE.replace(typed_in, typed_in + "x")
    new = reanalysed(old, text)
    own = {id(ins) for ins in new.dockerfile.instructions}
    assert set(new._scopes) <= own
    kept = {id(ins) for ins in new.dockerfile.instructions[: new.dockerfile.kept_ends(old.dockerfile)[0]]}
    assert kept <= set(new._scopes) and all(new._scopes[k] is old._scopes[k] for k in kept)
