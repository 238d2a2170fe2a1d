"""The findings memo's rows and their keys (``findings_memo.LintRows``): each fact read once per
lint for every group, as discriminating as reading it row by row; a remembered finding follows
its row wherever the edit moves it."""

from __future__ import annotations

import operator
import os

import pytest
from edits import TEXTS, edits
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruletest import memo_session
from stanzalint import rules as registry
from stanzalint.command_projection import CommandReads, Projections
from stanzalint.config import Config
from stanzalint.engine import lint, prepare
from stanzalint.findings_memo import (
    FACTS,
    LAYOUT_FACTS,
    PER_STAGE_FACTS,
    ROW_INDEPENDENT_FACTS,
    FindingsMemo,
    LastLint,
    LintRows,
    Tokens,
    _shell,
    same_outside,
)
from stanzalint.rules.base import Fact, Scope
from stanzalint.rules.lint_facts import LintFacts

CONFIG = Config()

SHELLS = [
    'FROM debian:12 AS a\nRUN sudo ls\nSHELL ["/bin/bash", "-c"]\nRUN sudo ls\nONBUILD RUN sudo ls\n'
    'FROM a\nRUN sudo ls\nSHELL ["pwsh", "-c"]\nRUN sudo ls\nFROM debian:12\nRUN sudo ls\n',
    '# hadolint shell=pwsh\nARG A=1\nSHELL ["cmd", "/S", "/C"]\nFROM scratch\nSHELL ["sh", "-c"]\nSHELL ["sh", "-c"]\n',
    'SHELL ["pwsh", "-c"]\nRUN sudo ls\nONBUILD SHELL ["sh", "-c"]\nRUN sudo ls\n',
    "",
]


def rows_of(text: str) -> LintRows:
    dockerfile, analysis = prepare(text, CONFIG)
    return LintRows(LintFacts(dockerfile, analysis, CONFIG), Tokens())


@pytest.mark.parametrize("text", SHELLS)
def test_the_shell_of_each_row_is_the_one_read_row_by_row(text):
    rows = rows_of(text)
    for scope in (Scope.INSTRUCTION, Scope.STAGE):
        assert rows.fact_values(scope, Fact.SHELL) == [rows.tokens.of(_shell(rows, row)) for row in rows.objects[scope]]


def test_the_shell_of_each_row_of_the_corpus_files_with_a_shell_is_the_one_read_row_by_row(corpus_files):
    checked = 0
    for path in corpus_files:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        if "SHELL" not in text.upper():
            continue
        rows = rows_of(text)
        read = [rows.tokens.of(_shell(rows, row)) for row in rows.objects[Scope.INSTRUCTION]]
        assert rows.fact_values(Scope.INSTRUCTION, Fact.SHELL) == read, os.path.basename(path)
        checked += 1
    assert checked > 10


def sudo_lines(texts: list[str]) -> list[list[int]]:
    """DL3004's findings (the line of each) on each text in turn, linted as the editor lints: on
    the previous parse, through one document's memo; each checked against a fresh lint."""
    rule = registry.get("DL3004")
    results = memo_session(texts, CONFIG, [rule], on_analysis=False)
    for text, result in zip(texts, results):
        fresh = lint(text, CONFIG, rules=[rule])
        assert [(v.span, v.message) for v in result.violations] == [(v.span, v.message) for v in fresh.violations]
    return [[v.instruction_line for v in result.violations] for result in results]


def test_a_remembered_run_is_checked_again_when_the_shell_before_it_changes():
    posix = 'FROM debian:12\nSHELL ["/bin/bash", "-c"]\nRUN sudo ls\n'
    assert sudo_lines([posix, posix.replace("/bin/bash", "pwsh"), posix]) == [[2], [], [2]]


def test_a_stage_built_on_another_inherits_the_shell_its_base_ends_with():
    base = 'FROM debian:12 AS a\nSHELL ["pwsh", "-c"]\nFROM a\nRUN sudo ls\n'
    assert sudo_lines([base, base.replace("pwsh", "sh"), base]) == [[], [3], []]


def test_a_severity_raised_by_a_check_directive_is_not_kept_by_the_remembered_finding():
    rule = registry.get("SZ810")
    strict = "# check=error=true\nFROM debian:12\nENV A 1\n"
    texts = [strict, strict.replace("true", "false"), "FROM debian:12\nENV A 1\n", strict]
    seen = [
        [(v.code, v.severity.label) for v in result.violations]
        for result in memo_session(texts, CONFIG, [rule], on_analysis=False)
    ]
    assert seen == [[("SZ810", "error")], [("SZ810", "warning")], [("SZ810", "warning")], [("SZ810", "error")]]


def test_the_findings_about_rows_an_edit_did_not_move_are_handed_over_as_they_are():
    memo, text = FindingsMemo(), "FROM debian:12\nRUN sudo a\nRUN sudo b\nRUN sudo c\n"
    edited = text.replace("sudo b", "sudo bb")
    first = lint(text, CONFIG, memo=memo)
    second = lint(edited, CONFIG, parsed=prepare(edited, CONFIG, first.dockerfile), memo=memo)
    before, after = ([v for v in r.violations if v.code == "DL3004"] for r in (first, second))
    assert [(v.span.start, v.instruction_line) for v in after] == [
        (edited.index("sudo a"), 1),
        (edited.index("sudo bb"), 2),
        (edited.index("sudo c"), 3),
    ]
    assert after[0] is before[0]
    assert after[2] is not before[2] and before[2].span.start == text.index("sudo c")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_an_instruction_row_s_token_stands_for_one_text_whichever_lint_made_it(data):
    """Row tokens taken over from the last lint (the instructions the parse kept) stand for
    the text the row has now: one token, one (file facts, text) across a document's lints."""
    meaning: dict = {}
    for text, rows in edited_lints(data, TEXTS):
        found = rows.row_tokens(Scope.INSTRUCTION)
        values = [(rows.file_facts, text[start:end]) for start, end, _line in rows.spans[Scope.INSTRUCTION]]
        assert len(found) == len(values)
        assert_stand_for(meaning, zip(found, values))


def edited_lints(data, texts):
    """A document's lints (its text and rows, each made on the last one's) after random edits
    of one of ``texts``."""
    text = data.draw(st.sampled_from(texts))
    tokens, last = Tokens(), LastLint()
    parsed = prepare(text, CONFIG)
    for step in range(data.draw(st.integers(1, 5)) + 1):
        if step:
            start, end, inserted = data.draw(edits(text))
            text = text[:start] + inserted + text[end:]
            parsed = prepare(text, CONFIG, parsed[1])
        tokens.next_lint()
        yield text, LintRows(LintFacts(*parsed, CONFIG), tokens, last)


def assert_stand_for(meaning: dict, pairs) -> None:
    """Each (token, value) pair: a token stands for one value across a document's lints."""
    for token, value in pairs:
        assert meaning.setdefault(id(token), (token, value)) == (token, value)


def test_the_rows_an_edit_did_not_reach_keep_their_tokens():
    text = "FROM debian:12\nRUN a\nRUN b\nRUN c\n"
    tokens, last = Tokens(), LastLint()
    first = LintRows(LintFacts(*prepare(text, CONFIG), CONFIG), tokens, last)
    before = first.row_tokens(Scope.INSTRUCTION)
    edited = text.replace("RUN b", "RUN bb")
    tokens.next_lint()
    second = LintRows(LintFacts(*prepare(edited, CONFIG, first.analysis), CONFIG), tokens, last)
    after = second.row_tokens(Scope.INSTRUCTION)
    assert [a is b for a, b in zip(after, before)] == [True, True, False, True]


def test_a_lint_s_keys_name_the_rows_whose_key_is_not_the_last_lint_s_object_there():
    text = "FROM debian:12\nRUN a\nRUN b\nRUN c\n"
    tokens, last = Tokens(), LastLint()
    first = LintRows(LintFacts(*prepare(text, CONFIG), CONFIG), tokens, last)
    before = first.keys(Scope.INSTRUCTION, ())
    assert first.key_changes(before) is None  # made whole: no last lint's keys
    edited = text.replace("RUN b", "RUN bb")
    tokens.next_lint()
    second = LintRows(LintFacts(*prepare(edited, CONFIG, first.analysis), CONFIG), tokens, last)
    after = second.keys(Scope.INSTRUCTION, ())
    assert second.key_changes(after) == (before, [2])
    assert [a is b for a, b in zip(after, before)] == [True, True, False, True]
    assert second.key_changes(list(after)) is None  # another list: its rows are not known


class Values(Tokens):
    """Tokens that are the values themselves: a column made with them says what it means."""

    def of(self, value):
        return value


#: every column ``LintRows.by_layout`` makes, as read through the rows
LAYOUT_COLUMNS = [(scope, fact) for scope in (Scope.INSTRUCTION, Scope.STAGE) for fact in sorted(LAYOUT_FACTS, key=str)]


def layout_of(rows: LintRows) -> dict:
    """What the layout decides, read through ``rows``: its token columns, and the stages each
    stage is built on, copies from and hands its files to (by index); and the stages' tokens,
    taken over for the stages the edit did not reach."""
    stages = rows.analysis.stages
    return {
        "columns": {column: rows.fact_values(*column) for column in LAYOUT_COLUMNS},
        "declarations": rows.declarations_before(Scope.INSTRUCTION),
        "stages": rows.stage_tokens,
        "stage rows": rows.row_tokens(Scope.STAGE) + rows.projected_row_tokens(CommandReads(("apt-get", "curl"))),
        "links": [
            ([s.index for s in rows.base_lists[stage.index]], [s.index for s in rows.copied(stage)])
            + ([s.index for s in rows.dependents(stage)],)
            for stage in stages
        ],
    }


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_the_columns_taken_over_from_the_last_lint_mean_what_a_fresh_lint_makes(data):
    """After any edits, each column of the layout (taken over when only RUN texts changed) holds
    for each row a token that stands for the value a fresh lint reads there, in every lint."""
    meaning: dict = {}
    for text, rows in edited_lints(data, TEXTS + [LAYOUT]):
        found = layout_of(rows)
        fresh = layout_of(LintRows(LintFacts(*prepare(text, CONFIG), CONFIG), Values()))
        assert found["links"] == fresh["links"]
        assert len(found["stages"]) == len(fresh["stages"]) and len(found["stage rows"]) == len(fresh["stage rows"])
        pairs = [*zip(found["declarations"], fresh["declarations"]), *zip(found["stages"], fresh["stages"])]
        pairs += zip(found["stage rows"], fresh["stage rows"])
        pairs += [pair for column in LAYOUT_COLUMNS for pair in zip(found["columns"][column], fresh["columns"][column])]
        made = [fresh["declarations"], fresh["stages"], fresh["stage rows"], *fresh["columns"].values()]
        assert len(pairs) == sum(map(len, made))
        assert_stand_for(meaning, pairs)


LAYOUT = (
    "ARG BASE=debian:12\nFROM $BASE AS build\nARG V=1\nENV P=/opt\nRUN make all \\\n    && make install\n"
    "FROM build AS test\nRUN make test\n"
    "FROM debian:12\nCOPY --from=build /opt /opt\nRUN ls /opt\n"
)


def layout_after(edited: str) -> tuple[LintRows, LintRows]:
    """The rows of ``LAYOUT`` and of ``edited`` (linted next, on its parse), each layout read."""
    tokens, last = Tokens(), LastLint()
    first = LintRows(LintFacts(*prepare(LAYOUT, CONFIG), CONFIG), tokens, last)
    layout_of(first)
    tokens.next_lint()
    second = LintRows(LintFacts(*prepare(edited, CONFIG, first.analysis), CONFIG), tokens, last)
    layout_of(second)
    return first, second


def test_an_edit_inside_runs_takes_the_layout_over_from_the_last_lint():
    first, second = layout_after(LAYOUT.replace("make install", "make install-strip"))
    assert second.declarations_before(Scope.INSTRUCTION) is first.declarations_before(Scope.INSTRUCTION)
    assert second.fact_values(Scope.STAGE, Fact.SHELL) is first.fact_values(Scope.STAGE, Fact.SHELL)
    assert [s.index for s in second.dependents(second.analysis.stages[0])] == [1, 2]
    assert second.dependents(second.analysis.stages[0])[0] is second.analysis.stages[1]
    assert [a is b for a, b in zip(second.stage_tokens, first.stage_tokens)] == [False, True, True]
    after, before = second.row_tokens(Scope.STAGE), first.row_tokens(Scope.STAGE)
    assert [a is b for a, b in zip(after, before)] == [True, False, True, True]  # the prelude's row first


@pytest.mark.parametrize(
    "edit, taken_over",
    [("make test", True), ("make test -j2", True), ("from=build", False), ("type=cache,target=/c", False)],
)
def test_an_edit_of_a_run_with_flags_takes_the_layout_over_while_its_flags_stay(edit, taken_over):
    mounted = LAYOUT.replace("RUN make test", "RUN --mount=from=build,target=/b --network=none make test")
    tokens, last = Tokens(), LastLint()
    first = LintRows(LintFacts(*prepare(mounted, CONFIG), CONFIG), tokens, last)
    layout_of(first)
    tokens.next_lint()
    replaced = "make test" if edit.startswith("make") else "from=build"
    edited = mounted.replace(replaced, edit if edit != "make test" else "make tests")
    second = LintRows(LintFacts(*prepare(edited, CONFIG, first.analysis), CONFIG), tokens, last)
    assert (second.declarations_before(Scope.INSTRUCTION) is first.declarations_before(Scope.INSTRUCTION)) is taken_over
    fresh = LintRows(LintFacts(*prepare(edited, CONFIG), CONFIG), Values())
    assert [[s.index for s in second.copied(stage)] for stage in second.analysis.stages] == [
        [s.index for s in fresh.copied(stage)] for stage in fresh.analysis.stages
    ]


@pytest.mark.parametrize(
    "old, new",
    [
        ("RUN make test", "RUN --mount=from=build make test"),
        ("RUN make test", "ENV make test"),
        ("RUN make test", "RUN make test\nRUN ls"),
        ("ARG V=1", "ARG V=2"),
        ("FROM build AS test", "FROM debian:12 AS test"),
        ("COPY --from=build", "COPY --from=test"),
        ("RUN ls /opt", "RUN ls /opt # ok"),  # the same RUN, then a new comment after it
        ("make all \\\n", "make all \\\n# hadolint shell=pwsh\n"),
    ],
)
def test_an_edit_outside_the_text_of_runs_makes_the_layout_again(old, new):
    edited = LAYOUT.replace(old, new) + ("# a comment\n" if old == "RUN ls /opt" else "")
    first, second = layout_after(edited)
    assert second.declarations_before(Scope.INSTRUCTION) is not first.declarations_before(Scope.INSTRUCTION)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_two_texts_agree_around_a_part_as_their_slices_do(data):
    """``same_outside`` answers what comparing the slices before and after the parts answers,
    also where the common end ``changed_range`` finds stops at the common beginning (``ab`` to
    ``abab``: the text after ``ab`` and after ``abab`` is the same, longer than that end)."""
    old = data.draw(st.text("ab\n", max_size=12))
    new = data.draw(st.one_of(st.just(old), st.text("ab\n", max_size=12)))
    start, end = sorted(data.draw(st.lists(st.integers(0, len(old)), min_size=2, max_size=2)))
    new_start, new_end = sorted(data.draw(st.lists(st.integers(0, len(new)), min_size=2, max_size=2)))
    expected = old[:start] == new[:new_start] and old[end:] == new[new_end:]
    assert same_outside(old, new, (start, end), (new_start, new_end)) is expected


@pytest.mark.parametrize("old, new", [("ab", "abab"), ("aXa", "aXaXa"), ("x" * 3000, "x" * 3001)])
def test_a_part_after_which_the_texts_agree_beyond_their_common_end_is_recognised(old, new):
    assert same_outside(old, new, (1, 1), (1, 1 + len(new) - len(old)))


#: every fact column a group of rules reads, as read through the rows
FACT_COLUMNS = [(scope, fact) for scope in (Scope.INSTRUCTION, Scope.STAGE) for fact in Fact]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_every_fact_column_taken_over_from_the_last_lint_means_what_a_fresh_lint_makes(data):
    """After any edits, each fact column (its values kept from the last lint for the rows an
    edit of RUN texts did not reach) holds for each row a token that stands for the value a
    fresh lint reads there, in every lint; and each row's key is made of the columns' values."""
    meaning: dict = {}
    for text, rows in edited_lints(data, TEXTS + [LAYOUT]):
        fresh = LintRows(LintFacts(*prepare(text, CONFIG), CONFIG), Values())
        for scope, fact in FACT_COLUMNS:
            found, made = rows.fact_values(scope, fact), fresh.fact_values(scope, fact)
            assert len(found) == len(made)
            assert_stand_for(meaning, zip(found, made))
        for scope in (Scope.INSTRUCTION, Scope.STAGE):
            reads = tuple(Fact)
            parts = [rows.row_tokens(scope), *(rows.fact_values(scope, fact) for fact in reads)]
            assert rows.keys(scope, reads) == list(zip(*parts))


STAGES = (
    "ARG BASE=debian:12\nFROM $BASE AS build\nRUN make all\nFROM build AS test\nRUN make test\n"
    "FROM debian:12 AS other\nRUN echo other\nFROM debian:12 AS tools\nRUN echo tools\n"
    "FROM debian:12\nCOPY --from=build /opt /opt\nCOPY --from=tools /t /t\nRUN ls /opt\n"
)


def test_typing_in_each_stage_in_turn_gives_every_stage_the_fact_values_a_fresh_lint_reads():
    """Keystrokes in the RUNs of each stage in turn: the values kept for the stages a keystroke
    did not reach (the other stages' bases, sources and the stages taking their files) stand for
    what a fresh lint reads, and a stage nothing links to the edited one keeps its value objects."""
    tokens, last, meaning = Tokens(), LastLint(), {}
    text, parsed = STAGES, prepare(STAGES, CONFIG)
    kept = []
    for word in ["make all", "make test", "echo other", "echo tools", "ls /opt", "make all"]:
        for typed in "xy":
            at = text.index(word) + len(word)
            text = text[:at] + typed + text[at:]
            parsed = prepare(text, CONFIG, parsed[1])
            tokens.next_lint()
            rows = LintRows(LintFacts(*parsed, CONFIG), tokens, last)
            fresh = LintRows(LintFacts(*prepare(text, CONFIG), CONFIG), Values())
            for scope, fact in FACT_COLUMNS:
                assert_stand_for(meaning, zip(rows.fact_values(scope, fact), fresh.fact_values(scope, fact)))
            kept.append(sorted(rows.reached_stages))
    # nothing links "other" (2) to another stage; the final stage (4) copies from build (0) and
    # tools (3), which hand it their files; test (1) is built on build
    assert kept == [[], [0, 1, 4], [0, 1], [0, 1], [2], [2], [3, 4], [3, 4], [0, 3, 4], [0, 3, 4], [0, 1, 4], [0, 1, 4]]


@pytest.mark.parametrize("facts", [PER_STAGE_FACTS, ROW_INDEPENDENT_FACTS], ids=["per stage", "row independent"])
def test_each_row_of_the_corpus_files_has_the_value_read_row_by_row_of_the_facts_read_at_once(corpus_files, facts):
    """The facts read once per stage (``PER_STAGE_FACTS``: each row has its stage's value) and
    those read once for all the rows (``ROW_INDEPENDENT_FACTS``: the same value in every row)
    give each row the value read row by row."""
    for path in corpus_files[::3]:
        with open(path, encoding="utf-8", errors="replace") as handle:
            rows = rows_of(handle.read())
        for scope in (Scope.INSTRUCTION, Scope.STAGE):
            for fact in sorted(facts, key=str):
                read = [FACTS[fact](rows, row) for row in rows.objects[scope]]
                expected = [rows.tokens.of(v) if type(v) in (tuple, frozenset) else v for v in read]
                assert rows.fact_values(scope, fact) == expected, (os.path.basename(path), scope, fact)


def test_a_keystroke_no_stage_s_value_depends_on_keeps_the_instruction_columns_of_per_stage_facts():
    """Typing in the RUN of a stage nothing links to ("other") changes no stage's variables or
    ships value: the instruction rows' columns are the last lint's objects, the prelude's rows
    included; typing in "build" changes the rows of the stages that read its text."""
    tokens, last = Tokens(), LastLint()
    parsed, other = prepare(STAGES, CONFIG), STAGES.replace("echo other", "echo otherx")
    columns = []
    for text in [STAGES, other, other.replace("make all", "make allx")]:
        parsed = prepare(text, CONFIG, parsed[1])
        tokens.next_lint()
        rows = LintRows(LintFacts(*parsed, CONFIG), tokens, last)
        columns.append([rows.fact_values(Scope.INSTRUCTION, fact) for fact in (Fact.VARIABLES, Fact.SHIPS)])
    assert [now is before for now, before in zip(columns[1], columns[0])] == [True, True]
    kept = [[a is b for a, b in zip(now, before)] for now, before in zip(columns[2], columns[1])]
    # rows: ARG | build: FROM, RUN | test: FROM, RUN | other | tools | final: FROM, COPY, COPY, RUN
    assert kept[0] == [True, True, True, False, False, True, True, True, True, True, True, True, True]
    assert kept[1] == [True, False, False, True, True, True, True, True, True, True, True, True, True]


def test_an_edit_outside_runs_after_keystrokes_in_them_finds_the_tokens_of_the_values_it_makes_again():
    """Keystrokes in RUNs take the layout's columns and the other rows' tokens over without
    making them again; an edit outside RUNs next makes them again and finds the token each equal
    value had (still held by the last lints' columns), so the rows' keys are the remembered ones."""
    tokens, last = Tokens(), LastLint()
    text, parsed, seen = LAYOUT, prepare(LAYOUT, CONFIG), []
    for old, new in [
        ("", ""),
        ("make install", "make installx"),
        ("installx", "installxy"),
        ("ENV P=/opt", "ENV P=/o"),
    ]:
        text = text.replace(old, new) if old else text
        parsed = prepare(text, CONFIG, parsed[1])
        tokens.next_lint()
        rows = LintRows(LintFacts(*parsed, CONFIG), tokens, last)
        seen.append((rows.fact_values(Scope.INSTRUCTION, Fact.SHELL), rows.stage_tokens))
    (shells, stages), (shells_now, stages_now) = seen[0], seen[-1]
    assert all(map(operator.is_, shells_now, shells))
    assert [now is before for now, before in zip(stages_now, stages)] == [False, True, True]  # the ENV's stage


def test_a_keystroke_in_words_no_rule_of_a_set_reads_takes_the_stage_row_s_projected_token_over():
    """The edited stage's projection for rules reading only ``apt-get`` is the last lint's object
    after typing in ``make``'s words: its token is the last lint's, taken over, not looked up by
    value (rows asking a Tokens that never saw the value still have it); typing in ``apt-get``'s
    words gives another."""
    text = LAYOUT.replace("make all", "apt-get install -y gcc && make all")
    reads, projections = CommandReads(("apt-get",)), Projections(Tokens().of)
    last = LastLint()
    first = LintRows(LintFacts(*prepare(text, CONFIG), CONFIG), Tokens(), last, projections)
    before = first.projected_row_tokens(reads)
    for old, new, kept in [("make all", "make allx", True), ("gcc", "gccx", False)]:
        text = text.replace(old, new)
        projections.next_lint()
        rows = LintRows(LintFacts(*prepare(text, CONFIG, first.analysis), CONFIG), Tokens(), last, projections)
        now = rows.projected_row_tokens(reads)
        assert [a is b for a, b in zip(now, before)] == [True, kept, True, True]  # the prelude's row first
        first, before = rows, now


def test_a_stage_first_typed_in_after_keystrokes_in_another_takes_its_projected_token_over():
    """Typing in one stage, then in words no rule of a set reads in another stage: the second
    stage's projected text is the one made before the first keystroke, carried over the lint
    that did not touch it, so its token is taken over, not looked up by value (rows asking a
    Tokens that never saw the value still have it)."""
    text = LAYOUT.replace("make all", "apt-get install -y gcc && make all")
    reads, projections = CommandReads(("apt-get",)), Projections(Tokens().of)
    last = LastLint()
    rows = LintRows(LintFacts(*prepare(text, CONFIG), CONFIG), Tokens(), last, projections)
    tokens = [rows.projected_row_tokens(reads)]
    for old, new in [("make test", "make testx"), ("make all", "make allx")]:
        text = text.replace(old, new)
        projections.next_lint()
        rows = LintRows(LintFacts(*prepare(text, CONFIG, rows.analysis), CONFIG), Tokens(), last, projections)
        tokens.append(rows.projected_row_tokens(reads))
    assert tokens[2][1] is tokens[1][1] is tokens[0][1]  # the build stage's row, after the prelude's


def test_a_keystroke_that_leaves_a_row_independent_value_keeps_its_column_and_one_that_changes_it_does_not():
    """Typing in a RUN leaves the global ARG uses as they were: the instruction rows' column is
    the last lint's object (their keys are then the last lint's); a FROM that no longer uses the
    global ARG makes a new column, of the new value."""
    tokens, last = Tokens(), LastLint()
    parsed, columns = prepare(LAYOUT, CONFIG), []
    unused = LAYOUT.replace("FROM $BASE AS build", "FROM debian:12 AS build")
    for text in [LAYOUT, LAYOUT.replace("make test", "make tests"), unused]:
        parsed = prepare(text, CONFIG, parsed[1])
        tokens.next_lint()
        rows = LintRows(LintFacts(*parsed, CONFIG), tokens, last)
        columns.append(rows.fact_values(Scope.INSTRUCTION, Fact.GLOBAL_ARG_USES))
        fresh = LintRows(LintFacts(*prepare(text, CONFIG), CONFIG), Values())
        assert columns[-1] == [tokens.of(value) for value in fresh.fact_values(Scope.INSTRUCTION, Fact.GLOBAL_ARG_USES)]
    assert columns[1] is columns[0]
    assert columns[2] is not columns[1] and columns[2][0] is not columns[1][0]


@settings(max_examples=120, deadline=None)
@given(
    steps=st.lists(
        st.tuples(
            st.integers(0, 60), st.integers(0, 3), st.sampled_from(["\r", "\n", "\r\n", "x", "", "\r\nRUN b\r\n"])
        ),
        min_size=1,
        max_size=8,
    )
)
def test_the_line_break_of_the_file_facts_is_a_fresh_read_s_after_edits_that_make_or_split_crlf(steps):
    """The CRLF line breaks a lint counts on the last lint's count, around the edit alone, are
    the text's: an edit that makes a CRLF of a CR and an LF, splits one, or removes the last
    one gives the file facts a fresh lint reads."""
    text = "FROM debian:12\r\nRUN a \\\r\n  b\nRUN c\r"
    tokens, last = Tokens(), LastLint()
    parsed = prepare(text, CONFIG)
    LintRows(LintFacts(*parsed, CONFIG), tokens, last)
    for at, length, inserted in steps:
        at = min(at, len(text))
        text = text[:at] + inserted + text[at + length :]
        parsed = prepare(text, CONFIG, parsed[1])
        tokens.next_lint()
        rows = LintRows(LintFacts(*parsed, CONFIG), tokens, last)
        assert rows.crlf_count == text.count("\r\n")
        assert rows.file_facts == rows_of(text).file_facts
