"""Stages: names, indexes, bases, the final stage, chains, image references, instruction owners."""

from __future__ import annotations

import pytest
from stanzalint.analysis import analyze
from stanzalint.analysis.model import DEFAULT_SHELL
from stanzalint.syntax import parse
from stanzalint.syntax.incremental import reparse
from stanzalint.syntax.model import Span
from stanzalint.syntax.moved import origin_and_delta


def find(text: str, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle))


MULTI = """\
ARG BASE=golang:1.22
FROM ${BASE} AS build
RUN go build -o /app .
FROM build As Test
RUN go test ./...
FROM gcr.io/distroless/static:nonroot
COPY --from=build /app /app
"""


def test_stage_names_indexes_and_spans():
    a = analyze(parse(MULTI))
    assert [(s.index, s.name, s.key) for s in a.stages] == [(0, "build", "build"), (1, "Test", "test"), (2, None, "2")]
    assert a.stages[0].name_span == find(MULTI, "build", 0)
    assert a.stages[1].name_span == find(MULTI, "Test")
    assert a.stages[2].name_span is None
    assert [s.from_instruction.start_line for s in a.stages] == [1, 3, 5]
    assert [[i.keyword for i in s.instructions] for s in a.stages] == [
        ["FROM", "RUN"],
        ["FROM", "RUN"],
        ["FROM", "COPY"],
    ]


def test_bases_images_and_chain():
    a = analyze(parse(MULTI))
    build, test, final = a.stages
    assert build.base_stage is None and build.image is not None
    assert (build.image.raw, build.image.resolved, build.image.span) == (
        "${BASE}",
        "golang:1.22",
        find(MULTI, "${BASE}"),
    )
    assert (build.image.repository, build.image.tag, build.image.unresolved) == ("golang", "1.22", False)
    assert test.base_stage is build and test.image is None
    assert test.root_image is build.image
    assert [s.index for s in test.chain] == [1, 0]
    assert (final.image.registry, final.image.namespace, final.image.repository, final.image.tag) == (
        "gcr.io",
        "distroless",
        "static",
        "nonroot",
    )
    assert [s.index for s in final.chain] == [2]


@pytest.mark.parametrize(
    "target,expected",
    [(None, 2), ("test", 1), ("TEST", 1), ("build", 0), ("1", 1), ("2", 2), ("missing", None), ("7", None)],
)
def test_final_stage_with_and_without_target(target, expected):
    a = analyze(parse(MULTI), target)
    assert a.target == target
    assert (a.final_stage.index if a.final_stage else None) == expected


def test_shipped_stages_follow_the_chain_of_the_target():
    a = analyze(parse(MULTI), "Test")
    assert [s.index for s in a.shipped_stages()] == [1, 0]
    assert a.is_shipped(a.stages[0]) and not a.is_shipped(a.stages[2])
    assert [s.index for s in analyze(parse(MULTI)).shipped_stages()] == [2]


def test_base_must_be_an_earlier_stage():
    text = "FROM later AS first\nFROM first AS later\nFROM self AS self\nFROM LATER\n"
    a = analyze(parse(text))
    first, later, self_, last = a.stages
    assert first.base_stage is None and first.image.familiar == "later"
    assert later.base_stage is first
    assert self_.base_stage is None and self_.image.repository == "self"
    assert last.base_stage is later  # BuildKit matches stage names lower-cased
    assert [s.index for s in last.chain] == [3, 1, 0]


def test_from_arg_resolving_to_a_stage_name_links_the_stage():
    text = "ARG B=Builder\nFROM alpine:3.20 AS builder\nFROM ${B}\n"
    a = analyze(parse(text))
    assert a.stages[1].base_stage is a.stages[0]
    assert a.stages[1].image is None


def test_unresolved_base_image():
    text = "ARG IMG\nARG TAG\nFROM $IMG\nFROM python:${TAG}\n"
    a = analyze(parse(text))
    first, second = a.stages
    assert (first.image.raw, first.image.resolved, first.image.unresolved) == ("$IMG", "$IMG", True)
    assert (second.image.repository, second.image.tag, second.image.unresolved) == ("python", "${TAG}", True)


def test_platform_flag_and_lower_case_as():
    text = "FROM --platform=$BUILDPLATFORM golang:1.22 as Base\n"
    a = analyze(parse(text))
    stage = a.stages[0]
    assert (stage.platform, stage.name, stage.name_span) == ("$BUILDPLATFORM", "Base", find(text, "Base"))
    assert stage.image.resolved == "golang:1.22"


def test_instruction_owners_global_args_and_onbuild():
    text = "ARG V=1\nFROM alpine\nONBUILD RUN echo hi\nRUN true\nFROM scratch\nCOPY a b\n"
    df = parse(text)
    a = analyze(df)
    arg, from0, onbuild, run, from1, copy = df.instructions
    assert a.stage_of(arg) is None
    assert a.stage_of(from0) is a.stages[0] and a.stage_of(run) is a.stages[0]
    assert a.stage_of(onbuild) is a.stages[0]
    assert onbuild.inner is not None and a.stage_of(onbuild.inner) is a.stages[0]
    assert a.stages[0].instructions == [from0, onbuild, run]
    assert a.stages[1].body == [copy]
    assert a.stages[1].image.is_scratch
    assert a.stage_named("0") is a.stages[0]


def test_files_without_stages_or_with_broken_from():
    assert analyze(parse("")).stages == []
    assert analyze(parse("")).final_stage is None
    a = analyze(parse("ARG X=1\nRUN echo hi\n"))
    assert a.stages == [] and a.final_stage is None and [d.name for d in a.global_args] == ["X"]
    broken = analyze(parse("FROM\nRUN true\nFROM alpine AS\n"))
    assert [s.image.repository if s.image else None for s in broken.stages] == [None, "alpine"]
    assert [s.name for s in broken.stages] == [None, None]


def test_copies_out_of_each_stage_by_name_index_and_pattern():
    text = (
        "FROM alpine AS build-amd64\nRUN touch /a\n"
        "FROM alpine AS tools\n"
        "FROM alpine\nARG TARGETARCH\n"
        "COPY --from=build-${TARGETARCH} /a /a\n"
        "COPY --from=1 /b /b\n"
        "ADD --from=tools /c /c\n"
        "RUN --mount=from=tools,target=/t true\n"
        "COPY --from=alpine:3 /d /d\n"
    )
    analysis = analyze(parse(text))
    build, tools, final = analysis.stages
    lines = {stage.name: [ins.start_line for ins in analysis.copies_out_of(stage)] for stage in (build, tools)}
    assert lines == {"build-amd64": [5], "tools": [6, 7]}
    assert analysis.copies_out_of(final) == []


def test_copies_out_of_a_stage_after_an_edit_moved_them_are_the_moved_ones_in_document_order():
    text = (
        "FROM alpine AS build\nRUN touch /a\n"
        "FROM alpine\nADD --from=build /a /a\nONBUILD COPY --from=build /b /b\nCOPY --from=build /c /c\n"
    )
    edited = text.replace("touch /a", "touch /a /z")
    analysis = analyze(reparse(parse(text), edited), previous=analyze(parse(text)))
    copies = analysis.copies_out_of(analysis.stages[0])
    assert [(ins.keyword, ins.span.start) for ins in copies] == [
        ("ADD", edited.index("ADD")),
        ("COPY", edited.index("COPY --from=build /c")),
    ]
    assert all(origin_and_delta(ins, 0)[0] is not ins for ins in copies)  # moved by the edit


def test_the_stages_built_on_a_stage_directly_or_not_in_document_order():
    text = "FROM a AS root\nFROM root AS left\nFROM alpine AS other\nFROM root AS right\nFROM left AS leaf\n"
    analysis = analyze(parse(text))
    root, left, other, right, leaf = analysis.stages
    assert analysis.built_on(root) == [left, right, leaf]
    assert analysis.built_on(left) == [leaf]
    assert analysis.built_on(other) == [] and analysis.built_on(leaf) == []
    assert analysis.built_on(root) is analysis.built_on(root)  # found once


def test_a_from_word_names_the_last_earlier_stage_of_that_name_whatever_its_case():
    analysis = analyze(parse("FROM a AS x\nFROM b AS X\nFROM x AS c\nFROM c\nFROM d AS later\nFROM later\n"))
    first, second, third, fourth, _, last = analysis.stages
    assert third.base_stage is second and fourth.base_stage is third and last.base_stage is analysis.stages[4]
    assert first.base_stage is None and second.image is not None and second.image.raw == "b"


def test_each_instruction_runs_under_the_shell_set_before_it_in_its_stage_or_its_base():
    text = (
        'SHELL ["/bin/zsh", "-c"]\n'  # before the first FROM: no stage's shell
        "FROM alpine AS base\n"
        "RUN a\n"
        'SHELL ["/bin/bash", "-c"]\n'
        "ONBUILD RUN b\n"
        "SHELL []\n"  # no arguments: the shell stays
        'SHELL ["pwsh", "-c"]\n'
        "RUN c\n"
        "FROM base AS child\n"
        "RUN d\n"
        "FROM alpine\n"
        "RUN e\n"
    )
    analysis = analyze(parse(text))
    ins = analysis.dockerfile.instructions
    shells = [(i.original.split()[1] if i.keyword == "RUN" else i.keyword, analysis.shell_of(i)) for i in ins]
    bash, pwsh = ["/bin/bash", "-c"], ["pwsh", "-c"]
    assert shells == [
        ("SHELL", DEFAULT_SHELL),
        ("FROM", DEFAULT_SHELL),
        ("a", DEFAULT_SHELL),
        ("SHELL", DEFAULT_SHELL),  # a SHELL runs under the one before it
        ("ONBUILD", bash),
        ("SHELL", bash),
        ("SHELL", bash),
        ("c", pwsh),
        ("FROM", pwsh),  # a stage built on another starts with the shell that one ended with
        ("d", pwsh),
        ("FROM", DEFAULT_SHELL),
        ("e", DEFAULT_SHELL),
    ]
    assert analysis.shell_of(ins[4].inner) == bash
    assert analysis.shell_of(ins[2]) is DEFAULT_SHELL  # the default is the one object is_posix_shell knows


def test_stages_that_set_no_shell_share_one_answer_per_shell_they_start_with():
    """A keystroke's analysis answers for every stage: those that set no SHELL (most) and start
    with the same one share an answer, and each still runs under its own shell."""
    text = (
        "FROM alpine AS one\nRUN a\n"
        "FROM alpine AS two\nRUN b\n"
        'FROM alpine AS pwsh\nSHELL ["pwsh", "-c"]\nRUN c\n'
        "FROM pwsh AS three\nRUN d\n"
        "FROM pwsh\nRUN e\n"
    )
    analysis = analyze(parse(text))
    runs = analysis.dockerfile.of_keyword("RUN")
    assert [analysis.shell_of(run) for run in runs] == [DEFAULT_SHELL] * 2 + [["pwsh", "-c"]] * 3
    one, two, pwsh, three, last = (analysis._shells or {}).values()
    assert one is two and three is last and one is not three and pwsh is not three


def test_a_file_without_from_runs_under_the_shells_it_sets():
    analysis = analyze(parse('RUN a\nSHELL ["cmd", "/S", "/C"]\nRUN b\n'))
    first, _, last = analysis.dockerfile.instructions
    assert (analysis.shell_of(first), analysis.shell_of(last)) == (DEFAULT_SHELL, ["cmd", "/S", "/C"])


def test_the_stage_of_an_instruction_is_told_by_identity_across_a_keystroke():
    text = "ARG V=1\nFROM a AS one\nRUN x\nONBUILD RUN y\nFROM b\nRUN z\nONBUILD \\\n  COPY . .\n"
    before = analyze(parse(text))
    edited = text.replace("RUN x", "RUN xy")
    after = analyze(reparse(before.dockerfile, edited), previous=before)
    arg, from0, run0, onbuild0, from1, run1, onbuild1 = after.dockerfile.instructions
    assert run1 is not before.dockerfile.instructions[5]  # moved by the keystroke: a new object
    assert after.stage_of(arg) is None
    assert [after.stage_of(i) for i in (from0, run0, onbuild0)] == [after.stages[0]] * 3
    assert [after.stage_of(i) for i in (from1, run1, onbuild1)] == [after.stages[1]] * 3
    assert onbuild0.inner is not None and onbuild1.inner is not None
    assert after.stage_of(onbuild0.inner) is after.stages[0] and after.stage_of(onbuild1.inner) is after.stages[1]
    # the instructions of the parse before, equal or not, are in none of this analysis' stages
    assert after.stage_of(before.dockerfile.instructions[5]) is None
    assert after.stage_of(before.dockerfile.instructions[2]) is None
    assert after.stage_of(parse(edited).instructions[2]) is None
    assert before.stage_of(run1) is None
