"""The server's memo of scoped rules' findings: a lint through it (on the previous parse, as the
server lints) reports exactly what a fresh lint reports after any sequence of edits, re-runs only
what an edit touched, and a wrongly declared scope is caught."""

from __future__ import annotations

import copy

import pytest
from edits import TEXTS, edits
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from ruletest import memo_session
from stanzalint import rules as registry
from stanzalint.config import Config
from stanzalint.engine import lint, prepare
from stanzalint.findings import FixAvailability, Severity
from stanzalint.findings_memo import FindingsMemo
from stanzalint.rules.base import Rule, RuleContext, RuleMeta, Scope, rule
from stanzalint.rules.lint_facts import LintFacts

CONFIG = Config()


def published(result):
    """What a user sees of a lint: each finding's code, name, message, severity, range, fix,
    related places, tags and the instruction it is suppressed by (suppressions applied)."""

    def fix(v):
        if v.fix is None:
            return None
        return v.fix.title, v.fix.applicability, [(e.span.start, e.span.end, e.text) for e in v.fix.edits]

    return [
        (
            v.code,
            v.name,
            v.message,
            v.severity,
            v.span.start,
            v.span.end,
            fix(v),
            v.instruction_line,
            [(r.span.start, r.span.end, r.message) for r in v.related],
            v.tags,
        )
        for v in result.violations
    ]


def edit_session(data, rules, steps=4):
    """Lint a corpus text, then random edits, each linted through the document's memo on the
    previous parse, asserting each equals a fresh lint of the same text. The fresh lints come
    after the session: one between two edits would drop what rules keep from one parse to the next."""
    texts = [data.draw(st.sampled_from(TEXTS))]
    for _ in range(data.draw(st.integers(1, steps))):
        start, end, inserted = data.draw(edits(texts[-1]))
        texts.append(texts[-1][:start] + inserted + texts[-1][end:])
    for text, remembered in list(zip(texts, memo_session(texts, CONFIG, rules)))[1:]:
        # the fresh lint under a copy of the configuration: it shares no answer the process keeps
        # per configuration object (each code's facts and verdict), stale or not
        assert published(remembered) == published(lint(text, copy.copy(CONFIG), rules=rules))


def scoped_rules():
    return [r for r in registry.all_rules() if r.meta.scope is not Scope.FILE]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_a_lint_through_the_memo_equals_a_fresh_lint_after_each_edit(data):
    edit_session(data, None)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_the_scoped_rules_alone_through_the_memo_equal_a_fresh_lint(data):
    edit_session(data, scoped_rules(), steps=6)


def _numbering(ctx):
    """Reports each instruction with its index: it depends on the instructions before it."""
    for index, ins in enumerate(ctx.dockerfile.instructions):
        yield ctx.violation(ins.keyword_span, f"instruction {index}")


def _next_stage(ctx):
    """Reports at each FROM the first word of the next stage's FROM line: it reads another stage."""
    stages = ctx.analysis.whole.stages if hasattr(ctx.analysis, "whole") else ctx.analysis.stages
    for stage in ctx.analysis.stages:
        later = [s for s in stages if s.index == stage.index + 1]
        after = ctx.source(later[0].from_instruction.span).split()[1:2] if later else []
        yield ctx.violation(stage.from_instruction.keyword_span, f"next stage: {after}")


def _echoed(ctx):
    """Reports at each RUN what its commands other than curl say: it reads every command's words."""
    for ins in ctx.dockerfile.of_keyword("RUN"):
        said = [w.value for cmd in ctx.analysis.commands(ins) if cmd.name != "curl" for w in cmd.words]
        yield ctx.violation(ins.keyword_span, f"says {said}")


def _names(commands):
    """A RUN summary: its commands' names (not their words)."""
    return tuple(cmd.name for cmd in commands)


def misdeclared(check, scope, reads_commands=None, reads_runs=None):
    return Rule(
        RuleMeta(
            code="SZ999",
            name="misdeclared",
            severity=Severity.INFO,
            fix=FixAvailability.NEVER,
            scope=scope,
            reads_commands=reads_commands if reads_runs is None else (reads_commands or ()),
            reads_runs=reads_runs,
        ),
        check,
    )


@pytest.mark.parametrize(
    "rule",
    [
        misdeclared(_numbering, Scope.INSTRUCTION),
        misdeclared(_next_stage, Scope.STAGE),
        misdeclared(_echoed, Scope.STAGE, ("curl",)),
        misdeclared(_echoed, Scope.STAGE, reads_runs=_names),
    ],
    ids=["instruction", "stage", "stage-commands", "stage-summary"],
)
def test_the_equality_test_catches_a_rule_that_declares_too_narrow_a_scope(rule):
    @settings(
        max_examples=300,
        derandomize=True,  # the same examples every run: whether they catch the rule must not be luck
        deadline=None,
        database=None,
        phases=(Phase.generate,),  # a failure is what is asked for: no time spent making it smaller
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def session(data):
        edit_session(data, [rule])

    with pytest.raises(AssertionError):
        session()


def counting(code, calls):
    """Rule ``code``, recording the instructions it sees on each run."""
    rule = registry.get(code)

    def check(ctx):
        calls.append([ins.start_line + 1 for ins in ctx.dockerfile.instructions])
        return rule.check(ctx)

    return Rule(rule.meta, check)


def test_an_instruction_rule_reruns_only_on_the_edited_instruction_and_its_findings_move():
    calls = []
    rule = counting("DL3004", calls)
    memo = FindingsMemo()
    text = "FROM debian:12\nRUN sudo ls\nRUN echo hi\n"
    lint(text, CONFIG, rules=[rule], memo=memo)
    edited = "FROM debian:12\nLABEL a=b\nRUN sudo ls\nRUN echo hi there\n"
    result = lint(edited, CONFIG, rules=[rule], memo=memo)
    assert [(v.code, v.span.start, v.span.end, v.instruction_line) for v in result.violations] == [
        ("DL3004", edited.index("sudo"), edited.index("sudo") + 4, 2)
    ]
    assert calls == [[1, 2, 3], [2, 4]]


def test_a_stage_rule_reruns_only_on_the_edited_stage():
    calls = []
    rule = counting("SZ401", calls) if registry.get("SZ401").meta.scope is Scope.STAGE else None
    if rule is None:
        pytest.skip("SZ401 is not declared stage-scoped")
    memo = FindingsMemo()
    text = "FROM debian:12 AS a\nRUN echo a\nFROM debian:12 AS b\nRUN echo b\n"
    lint(text, CONFIG, rules=[rule], memo=memo)
    lint(text.replace("echo b", "echo /b"), CONFIG, rules=[rule], memo=memo)  # a path word, which SZ401 reads
    assert calls == [[1, 2, 3, 4], [3, 4]]


def test_the_memo_is_forgotten_when_the_configuration_changes():
    memo = FindingsMemo()
    text = "FROM debian:12\nRUN sudo ls\n"
    lint(text, CONFIG, memo=memo)
    assert "DL3004" not in [v.code for v in lint(text, Config(ignore=["DL3004"]), memo=memo).violations]
    assert "DL3004" in [v.code for v in lint(text, Config(), memo=memo).violations]


def test_the_memo_keeps_only_what_the_last_two_lints_used():
    memo = FindingsMemo()
    text = "FROM debian:12 AS a\n" + "".join(f"RUN echo {i}\n" for i in range(50)) + "FROM a\nRUN echo\n"
    groups = {(r.meta.scope, r.meta.reads, r.meta.reads_commands, r.meta.reads_runs) for r in scoped_rules()}
    rows = {Scope.INSTRUCTION: 53, Scope.STAGE: 2}
    bound = 2 * sum(rows[scope] for scope, *_reads in groups)
    for i in range(300):  # typing in the first RUN: each lint's text is new
        text = text.replace("echo", f"echo {i}", 1)
        lint(text, CONFIG, memo=memo)
        assert len(memo) <= bound
    assert len(memo) > bound // 2


def test_a_finding_outside_its_row_makes_the_rule_whole_file_for_the_document():
    def outside(ctx):
        for ins in ctx.dockerfile.instructions:
            if ins.keyword == "RUN":
                yield ctx.violation(ins.span.__class__(0, 4), "points at the first FROM")

    rule = misdeclared(outside, Scope.INSTRUCTION)
    memo = FindingsMemo()
    text = "FROM debian:12\nRUN a\n"
    first = lint(text, CONFIG, rules=[rule], memo=memo)
    edited = "FROM debian:12\nRUN a\nRUN b\n"
    again = lint(edited, CONFIG, rules=[rule], memo=memo)
    assert published(first) == published(lint(text, CONFIG, rules=[rule]))
    assert published(again) == published(lint(edited, CONFIG, rules=[rule]))


def test_the_memo_s_plan_is_kept_for_a_list_of_rules_until_one_of_them_is_linted_whole():
    def across(ctx):
        for ins in ctx.dockerfile.instructions:
            if ins.keyword == "RUN":
                yield ctx.violation(ins.span.__class__(0, ins.span.end), "from the first FROM to the RUN")

    rule, kept, whole = misdeclared(across, Scope.INSTRUCTION), registry.get("DL3004"), registry.get("DL3057")
    assert whole.meta.scope is Scope.FILE and kept.meta.scope is Scope.INSTRUCTION
    rules, memo = [whole, rule, kept], FindingsMemo()
    first = memo.plan(rules)
    assert first == ([whole], [[rule], [kept]])
    assert memo.plan(rules) is first
    rows = memo.begin(LintFacts(*prepare("FROM debian:12\nRUN a\n", CONFIG), CONFIG))
    assert memo.findings([rule], rows, lambda r, view: list(r.check(RuleContext(r, view)))) is None  # across two rows
    assert memo.plan(rules) == ([whole, rule], [[kept]])


def linted_through_memo(codes, *texts):
    """Each text linted in turn through one memo on the previous parse (as the server lints),
    checked against a fresh lint; the last lint's findings as (code, text under the span,
    message, fix title)."""
    rules = [registry.get(code) for code in codes]
    results = memo_session(texts, CONFIG, rules, on_analysis=False)
    for text, result in zip(texts, results):
        assert published(result) == published(lint(text, CONFIG, rules=rules))
    return [
        (v.code, texts[-1][v.span.start : v.span.end], v.message, v.fix and v.fix.title) for v in results[-1].violations
    ]


def test_a_global_arg_stops_being_unused_when_a_stage_starts_reading_it():
    text = "ARG V=1\nFROM debian:12 AS a\nRUN echo hi\n"
    assert linted_through_memo(["SZ702"], text) == [
        ("SZ702", "V=1", "ARG `V` is declared but no FROM line or stage uses it", None)
    ]
    assert linted_through_memo(["SZ702"], text, text.replace("V=1", "V=12")) == [  # the prelude alone re-run
        ("SZ702", "V=12", "ARG `V` is declared but no FROM line or stage uses it", None)
    ]
    assert linted_through_memo(["SZ702"], text, text.replace("echo hi", "echo $V")) == []


def test_a_stage_arg_stops_being_unused_when_a_stage_built_on_it_reads_it():
    text = "FROM debian:12 AS a\nARG V=1\nFROM a\nRUN echo hi\n"
    assert linted_through_memo(["SZ702"], text, text.replace("echo hi", "echo $V")) == []


def test_a_stage_arg_read_two_stages_down_the_chain_is_used():
    text = "FROM debian:12 AS a\nARG V=1\nFROM a AS b\nRUN echo b\nFROM b\nRUN echo hi\n"
    assert linted_through_memo(["SZ702"], text, text.replace("echo hi", "echo $V")) == []
    assert linted_through_memo(["SZ702"], text.replace("echo hi", "echo $V"), text) == [
        ("SZ702", "V=1", "ARG `V` is declared but nothing in its stage reads it", None)
    ]


def test_an_arg_before_a_program_built_in_a_copied_stage_s_base_is_given_the_benefit_of_the_doubt():
    text = (
        "FROM debian:12 AS base\nRUN echo base\nFROM base AS builder\nRUN echo build\n"
        "FROM debian:12\nARG V=1\nCOPY --from=builder /out/tool /usr/bin/\nRUN tool\n"
    )
    assert linted_through_memo(["SZ702"], text) == [
        ("SZ702", "V=1", "ARG `V` is declared but nothing in its stage reads it", None)
    ]
    assert linted_through_memo(["SZ702"], text, text.replace("echo base", "make")) == []


def test_a_hard_coded_version_loses_its_fix_when_another_stage_declares_the_name():
    text = (
        "FROM debian:12\nRUN curl -fsSLO https://releases.hashicorp.com/terraform/1.9.5/terraform_1.9.5_linux_amd64.zip\n"
        "FROM debian:12\nRUN echo\n"
    )
    message = "Version `1.9.5` is hard-coded in a download URL: declare `ARG TERRAFORM_VERSION=1.9.5` and use it"
    assert linted_through_memo(["SZ703"], text) == [
        ("SZ703", "1.9.5", message, "Extract 1.9.5 to ARG TERRAFORM_VERSION")
    ]
    edited = text.replace("RUN echo", "ENV TERRAFORM_VERSION=1")
    assert linted_through_memo(["SZ703"], text, edited) == [("SZ703", "1.9.5", message, None)]


def test_an_empty_continuation_before_an_unchanged_instruction_is_reported():
    text = 'FROM debian:12\nRUN echo\n\nENTRYPOINT ["a"]\n'
    edited = text.replace("\n\nENTRY", "\n \\\n\n\nENTRY")  # the continued blank lines join ENTRYPOINT
    message = "Empty line inside the continued ENTRYPOINT instruction; BuildKit will reject these"
    assert linted_through_memo(["SZ803"], text, edited) == [("SZ803", "", message, "Delete the empty lines")]


def test_a_continuation_above_a_from_moves_the_lines_of_the_stage_s_other_instructions():
    """`` \\`` above the FROM makes the FROM start a line higher than its keyword: the stage's text
    is the same, its first line is the same, but every later instruction is a line further down."""
    text = "FROM debian:12\nRUN echo a\nRUN echo b\n"
    assert linted_through_memo(["DL3059"], text, " \\\n" + text) == [
        (
            "DL3059",
            "RUN",
            "This RUN follows another RUN; join them with && to make one layer",
            "Merge into the previous RUN with &&",
        )
    ]


def test_a_builder_s_account_is_reported_when_the_stage_copying_it_can_no_longer_create_it():
    text = (
        "FROM debian:12 AS builder\nRUN useradd app\nFROM debian:12 AS runtime\nRUN echo\n"
        "FROM runtime\nCOPY --from=builder /out /out\nRUN useradd app\nUSER app\n"
    )
    edited = text.replace("RUN echo", 'SHELL ["cmd", "/S", "/C"]')  # the copying stage's RUN is no longer sh
    assert linted_through_memo(["SZ502"], text) == []
    assert linted_through_memo(["SZ502"], text, edited) == [
        ("SZ502", "app", "User `app` is created but nothing switches to it: add `USER app`", "Append USER app")
    ]


def runs_through_memo(code, *texts):
    """Each text linted in turn through one memo on the previous parse (as the server lints) by
    rule ``code``, checked against a fresh lint; the last result, and the lines of the
    instructions the rule saw on each run."""
    calls = []
    results = memo_session(texts, CONFIG, [counting(code, calls)])
    for text, result in zip(texts, results):
        assert published(result) == published(lint(text, CONFIG, rules=[registry.get(code)]))
    return results[-1], calls


def test_created_users_are_checked_again_only_in_the_edited_stage():
    text = "FROM debian:12 AS a\nRUN useradd a\nFROM debian:12 AS b\nRUN useradd b\nFROM debian:12\nUSER nobody\n"
    _result, calls = runs_through_memo("SZ502", text, text.replace("useradd b", "useradd bb"))
    assert calls == [[1, 2, 3, 4, 5, 6], [3, 4]]


def test_a_shipped_stage_s_account_is_left_alone_once_a_comment_calls_the_image_a_base_image():
    text = "FROM myorg/app:1 AS base\nRUN useradd app\nFROM python:3.12 AS other\nRUN echo\n\nFROM base\n"
    assert linted_through_memo(["SZ502"], text) == [
        ("SZ502", "app", "User `app` is created but nothing switches to it: add `USER app`", "Append USER app")
    ]
    edited = text.replace("\n\nFROM base", "\n# Base image for our services\nFROM base")
    assert linted_through_memo(["SZ502"], text, edited) == []


@pytest.mark.parametrize(
    ("code", "image", "found"),
    [
        ("SZ501", "myorg/app:1", "FROM myorg/app:1"),
        ("SZ102", "python:3.12", "python:3.12"),
    ],
)
def test_the_final_stage_is_checked_again_when_a_comment_above_it_calls_it_a_base_image(code, image, found):
    text = f'FROM python:3.12 AS other\nRUN echo\n\nFROM {image}\nRUN make\nCMD ["app"]\n'
    assert [f[:2] for f in linted_through_memo([code], text)] == [(code, found)]
    edited = text.replace("\n\nFROM", "\n# Base image for our services\nFROM")
    assert linted_through_memo([code], text, edited) == []


def test_the_apt_lists_fix_is_withheld_when_only_the_installing_stage_is_edited_and_a_later_stage_relies_on_them():
    text = (
        "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nRUN apt-get install -y git\n"
    )
    edited = text.replace("install -y curl", "install -y curl wget")
    message = "Delete /var/lib/apt/lists in the same RUN as `apt-get update`"
    assert linted_through_memo(["DL3009"], text, edited) == [("DL3009", "update", message, None)]


def test_the_apt_lists_fix_stays_withheld_when_another_stage_built_on_the_installing_one_is_edited():
    text = (
        "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\n"
        "FROM base AS tools\nRUN apt-get install -y git\n"
        "FROM base\nRUN echo hi\n"
    )
    edited = text.replace("echo hi", "echo bye")
    message = "Delete /var/lib/apt/lists in the same RUN as `apt-get update`"
    assert linted_through_memo(["DL3009"], text, edited) == [("DL3009", "update", message, None)]


def test_the_slim_tag_fix_is_withdrawn_when_a_stage_built_on_the_alpine_stage_starts_using_apk():
    text = "FROM python:3.12-alpine AS base\nRUN pip install numpy\nFROM base\nRUN echo hi\n"
    message = (
        "Python packages installed on musl-based `python:3.12-alpine`: most PyPI wheels are built for glibc, "
        "so pip compiles from source here; use a -slim (Debian) base"
    )
    assert linted_through_memo(["SZ901"], text) == [("SZ901", "pip install numpy", message, "Use the 3.12-slim tag")]
    edited = text.replace("echo hi", "apk add curl")
    assert linted_through_memo(["SZ901"], text, edited) == [("SZ901", "pip install numpy", message, None)]


def test_a_stage_rule_keeps_its_findings_when_the_words_of_a_command_it_does_not_read_change():
    text = "FROM debian:12\nRUN curl -fsSLO https://example.com/a\nRUN echo hello\nRUN wget -q https://example.com/b\n"
    edited = text.replace("echo hello", "echo there \\\n  hello")
    result, calls = runs_through_memo("DL4001", text, edited)
    assert [(edited[v.span.start : v.span.end], v.span.start) for v in result.violations] == [
        ("wget", edited.index("wget"))
    ]
    assert calls == [[1, 2, 3, 4]]
    _result, calls = runs_through_memo("DL4001", text, edited, edited.replace("example.com/b", "example.com/c"))
    assert calls == [[1, 2, 3, 4], [1, 2, 3, 5]]  # the words of wget, which it reads, changed


@pytest.mark.parametrize(
    ("run", "edited", "reruns"),
    [("echo a | tee b", "echo ab | tee b", False), ("echo a|tee b", "echo ab|tee b", True)],
    ids=["apart", "touching"],
)
def test_a_stage_rule_reading_some_commands_reruns_only_when_its_finding_touches_the_edit(run, edited, reruns):
    after = f"FROM debian:12\nRUN {edited}\n"
    result, calls = runs_through_memo("DL4006", f"FROM debian:12\nRUN {run}\n", after)
    assert [after[v.span.start : v.span.end] for v in result.violations] == ["|"]
    assert calls == [[1, 2]] * (2 if reruns else 1)


def test_a_rule_declaring_too_few_commands_shows_stale_findings():
    rule = misdeclared(_echoed, Scope.STAGE, ("curl",))
    text = "FROM debian:12\nRUN echo hello && curl -fsSL https://example.com\n"
    edited = text.replace("hello", "there")
    memo = FindingsMemo()
    lint(text, CONFIG, rules=[rule], memo=memo)
    assert published(lint(edited, CONFIG, rules=[rule], memo=memo)) != published(lint(edited, CONFIG, rules=[rule]))


def test_only_a_stage_rule_declares_the_commands_it_reads():
    with pytest.raises(ValueError, match="only a stage-scoped rule"):
        rule(code="SZ998", name="x", severity=Severity.INFO, scope="instruction", reads_commands=("curl",))
    with pytest.raises(ValueError, match="only a stage-scoped rule"):
        rule(code="SZ998", name="x", severity=Severity.INFO, scope="instruction", reads_runs=_names)


def _named(ctx):
    """Reports at each RUN the names of its commands."""
    for ins in ctx.dockerfile.of_keyword("RUN"):
        yield ctx.violation(ins.keyword_span, f"runs {[cmd.name for cmd in ctx.analysis.commands(ins)]}")


def test_a_stage_rule_reading_a_summary_of_each_run_keeps_its_findings_while_the_summary_stays():
    calls = []

    def check(ctx):
        calls.append([ins.start_line + 1 for ins in ctx.dockerfile.instructions])
        return _named(ctx)

    rule = misdeclared(check, Scope.STAGE, reads_runs=_names)
    text = "FROM debian:12\nRUN echo hello && curl -fsSL https://example.com\nRUN ls\n"
    memo = FindingsMemo()
    lint(text, CONFIG, rules=[rule], memo=memo)
    for edited in (text.replace("hello", "well, hello"), text.replace("echo", "printf")):
        result = lint(edited, CONFIG, rules=[rule], memo=memo)
        assert published(result) == published(lint(edited, CONFIG, rules=[misdeclared(_named, Scope.STAGE)]))
    assert calls == [[1, 2, 3], [1, 2, 3]]  # typing in echo's words kept the summary: no run


def test_a_stage_rule_reading_some_commands_is_not_rerun_for_another_command_s_words_in_a_stage_built_on_it():
    text = "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nRUN echo hi\n"
    edits = (text.replace("echo hi", "echo ho hi"), text.replace("echo hi", "apt-get install -y git"))
    _result, calls = runs_through_memo("DL3009", text, *edits)
    assert calls == [[1, 2, 3, 4], [1, 2, 3, 4]]  # the install in the stage built on it re-runs both stages


def test_a_stage_rule_reading_some_commands_reruns_when_a_command_in_the_middle_of_the_stage_becomes_one_it_reads():
    text = "FROM debian:12\nRUN curl -fsSLO https://example.com/a\nRUN echo hello .\nRUN ls\nWORKDIR /app\n"
    typed = text.replace("echo hello", "echo hellos")
    renamed = typed.replace("echo hellos", "wget hellos")
    result, calls = runs_through_memo("DL4001", text, typed, renamed, renamed.replace("hellos", "hello"))
    assert [(v.code, v.instruction_line) for v in result.violations] == [("DL4001", 2)]
    assert calls == [[1, 2, 3, 4, 5]] * 3  # not for the words of echo; for wget, and for its words


def test_a_finding_after_the_edited_run_of_a_later_stage_moves_with_its_text_and_lines():
    text = "FROM debian:12 AS a\nRUN ls\nFROM a\nRUN echo hi\nRUN echo a | tar xz\n"
    edited = text.replace("echo hi", "echo \\\n  hi there")
    found = linted_through_memo(["DL4006"], text, edited, edited.replace("there", "then"))
    assert [(code, under) for code, under, _message, _fix in found] == [("DL4006", "|")]


def test_the_findings_of_the_stages_after_the_edited_one_move_with_each_keystroke():
    text = "FROM debian:12 AS a\nRUN echo a | tar xz\nFROM a\nRUN echo hi\nRUN echo b | tar xz\nFROM a\nRUN echo c | tar xz\n"
    typed = [text.replace("echo hi", "echo h" + "i" * n) for n in (2, 3, 2, 1)]  # typed, then erased
    found = linted_through_memo(["DL4006"], text, *typed)
    assert [(code, under) for code, under, _message, _fix in found] == [("DL4006", "|")] * 3


def test_a_stage_rule_reading_some_commands_reads_again_only_the_stages_built_on_the_edited_one():
    text = "FROM debian:12 AS a\nARG V=1\nRUN echo a\nFROM debian:12 AS b\nARG V=2\nFROM a\nRUN echo hi\n"
    unused = ("ARG `V` is declared but nothing in its stage reads it", None)
    assert linted_through_memo(["SZ702"], text, text.replace("echo hi", "echo $V")) == [("SZ702", "V=2", *unused)]
    assert linted_through_memo(["SZ702"], text.replace("echo hi", "echo $V"), text) == [
        ("SZ702", "V=1", *unused),
        ("SZ702", "V=2", *unused),
    ]


def test_a_finding_after_a_blank_line_deleted_between_two_heredoc_runs_moves_up():
    text = "FROM debian:12\nRUN <<EOF\necho a\nEOF\n\nRUN <<EOF\necho b\nEOF\nUSER app\n"
    found = linted_through_memo(["DL3066"], text, text.replace("EOF\n\nRUN", "EOF\nRUN"))
    assert [(code, under) for code, under, _message, _fix in found] == [("DL3066", "app")]


def test_the_pipe_after_a_continuation_moves_with_its_command_typed_longer():
    text = "FROM debian:12\nRUN echo a \\\n  | tar xz\n"
    edited = text.replace("echo a", "echo a b")
    found = linted_through_memo(["DL4006"], text, edited)
    assert [(code, under) for code, under, _message, _fix in found] == [("DL4006", "|")]


def test_an_undo_finds_the_instruction_rows_findings_from_before_the_edit():
    calls = []
    rule = counting("DL3004", calls)
    memo = FindingsMemo()
    text = "FROM debian:12\nRUN sudo ls\nRUN echo hi\n"
    first = lint(text, CONFIG, rules=[rule], memo=memo).violations
    lint(text.replace("sudo ls", "sudo lsx"), CONFIG, rules=[rule], memo=memo)
    undone = lint(text, CONFIG, rules=[rule], memo=memo).violations
    assert calls == [[1, 2, 3], [2]]  # the undo runs nothing
    assert undone == first


def test_erasing_back_to_texts_of_the_last_lints_runs_no_stage_rule_reading_some_commands_again():
    text = (
        "FROM debian:12 AS a\nRUN echo a\nFROM debian:12 AS b\nRUN echo b\n"
        "FROM debian:12\nRUN curl -fsSLO https://example.com/a\nRUN wget -q https://example.com/b\n"
    )
    typed = [text.replace("example.com/b", "example.com/b" + typed) for typed in ("", "c", "cd", "c", "")]
    result, calls = runs_through_memo("DL4001", *typed)
    assert [(text[v.span.start : v.span.end], v.span.start) for v in result.violations] == [
        ("wget", text.index("wget"))
    ]
    assert calls == [[1, 2, 3, 4, 5, 6, 7], [5, 6, 7], [5, 6, 7]]  # the erases run nothing


@pytest.mark.parametrize(
    "between",
    ["COPY . .\nRUN a\nFROM x\n", "COPY . ./\nFROM x\n", "FROM x\n"],
)
def test_a_copy_before_the_first_from_stays_unreported_when_an_edit_is_undone(between):
    """Undone, the edit leaves only the row before the first FROM to lint again, alone: that
    view has no stages, yet the file has (DL3045 leaves a COPY before the first FROM alone)."""
    text = "COPY . .\nFROM x\n"
    assert linted_through_memo(["DL3000", "DL3045", "SZ806", "SZ807"], text, between, text) == []


@pytest.mark.parametrize("renamed_first", [False, True])
def test_renaming_the_target_stage_changes_which_stages_ship_through_the_memo(renamed_first):
    """With ``--target builder``, renaming the stage ``builder`` leaves no stage named by the
    target: every stage may then ship, so the apt lists left in ``other`` are reported (and no
    longer once the name is back)."""
    config = Config(target="builder")
    text = (
        "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\n"
        "FROM base AS builder\nRUN echo hi\n"
        "FROM debian:12 AS other\nRUN apt-get update && apt-get install -y git\n"
    )
    renamed = text.replace("AS builder", "AS buildex")
    first, second = (renamed, text) if renamed_first else (text, renamed)
    memo = FindingsMemo()
    parsed = prepare(first, config)
    lint(first, config, parsed=parsed, memo=memo)
    result = lint(second, config, parsed=prepare(second, config, parsed[1]), memo=memo)
    assert published(result) == published(lint(second, config))
    other = second.index("update && apt-get install -y git")
    assert (other in [v.span.start for v in result.violations if v.code == "DL3009"]) is not renamed_first


#: hadolint's pragma makes the default shell PowerShell; a SHELL instruction naming /bin/sh ends it
UNDER_PRAGMA = "# hadolint shell=powershell\nFROM alpine:3.20\nRUN apt-get install -y curl && cd /tmp\n"
UNDER_SH = UNDER_PRAGMA.replace("FROM alpine:3.20\n", 'FROM alpine:3.20\nSHELL ["/bin/sh", "-c"]\n')


def test_a_shell_instruction_naming_the_default_shell_ends_the_pragma_s_powershell():
    codes = ["DL3003", "DL3008", "DL3015"]
    assert linted_through_memo(codes, UNDER_PRAGMA) == []
    found = linted_through_memo(codes, UNDER_PRAGMA, UNDER_SH)
    assert sorted(code for code, *_ in found) == codes
    assert linted_through_memo(codes, UNDER_SH, UNDER_PRAGMA) == []


def test_a_stage_s_findings_moved_as_far_as_a_recent_lint_moved_them_are_that_lint_s_copies():
    memo = FindingsMemo()
    text = "FROM debian:12\nRUN echo a\nFROM ubuntu\nRUN ls\n"  # DL3006 in the second stage
    lints = [
        lint(text.replace("echo a", typed), CONFIG, memo=memo) for typed in ("echo a", "echo ab", "echo abc", "echo ab")
    ]
    _found, typed, _further, erased = [[v for v in result.violations if v.code == "DL3006"] for result in lints]
    assert published(lints[3]) == published(lint(text.replace("echo a", "echo ab"), CONFIG))
    assert [v.span.start for v in erased] == [text.index("ubuntu") + 1]
    assert all(a is b for a, b in zip(erased, typed, strict=True))  # handed back, not copied again


def test_typing_at_the_end_of_a_run_moves_the_fix_that_appends_a_command_after_it():
    """A stage rule's fix appending a command after the script's last character follows typing
    there, and goes when the script ends so that nothing can be appended (DL3009)."""
    base = "FROM debian:12\nRUN apt-get update && apt-get install -y curl && echo done\nRUN echo next\n"
    texts = [base.replace("done", "done" + tail) for tail in ("", "p", "pk", "p", "", " ;", " &&", "")]
    appended = []
    for text, result in zip(texts, memo_session(texts, CONFIG)):
        assert published(result) == published(lint(text, CONFIG))
        fixes = [v.fix for v in result.violations if v.code == "DL3009" and v.fix is not None]
        appended.append([text[: e.span.start].splitlines()[-1] + e.text for fix in fixes for e in fix.edits])
    assert appended[2] == [
        "RUN apt-get update && apt-get install -y curl && echo donepk && rm -rf /var/lib/apt/lists/*"
    ]
    assert appended[5] == appended[6] == []


def test_a_group_the_plan_handed_out_is_described_once_for_the_lints_of_the_document():
    """A group's name, scope and reads are worked out when the plan is, not at every lint: the
    same description object for each lint until the plan changes; a group no plan handed out
    is described all the same."""
    memo, selected = FindingsMemo(), [registry.get("DL3004"), registry.get("DL3059")]
    _whole, groups = memo.plan(selected)
    described = [memo.described(group) for group in groups]
    assert [memo.described(group) for group in memo.plan(selected)[1]] == described
    assert all(a is b for a, b in zip([memo.described(group) for group in groups], described))
    assert described[0][0] == "DL3004" and described[0][1] is Scope.INSTRUCTION
    assert memo.described(list(groups[0])) == described[0] and memo.described(list(groups[0])) is not described[0]
