"""The server's memo of instruction-scope findings: a lint through it reports exactly what a
fresh lint reports, after any sequence of edits, and a wrongly declared scope is caught."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edits import TEXTS, edits
from stanzalint import rules as registry
from stanzalint.config import Config
from stanzalint.engine import lint, prepare
from stanzalint.findings_memo import FindingsMemo
from stanzalint.rules.base import FixAvailability, Rule, RuleMeta, Scope, Severity

CONFIG = Config()


def published(result):
    """What a user sees of a lint: each finding's code, message, severity, range, fix, related
    places and the instruction it is suppressed by."""
    def fix(v):
        if v.fix is None:
            return None
        return v.fix.title, v.fix.applicability, [(e.span.start, e.span.end, e.text) for e in v.fix.edits]

    return [(v.code, v.message, v.severity, v.span.start, v.span.end, fix(v), v.instruction_line,
             [(r.span.start, r.span.end, r.message) for r in v.related]) for v in result.violations]


def edit_session(data, rules):
    """Lint a corpus text, then 1-4 random edits, each through the document's memo (and its
    previous parse, as the server does), asserting each equals a fresh lint."""
    text = data.draw(st.sampled_from(TEXTS))
    memo = FindingsMemo()
    previous = prepare(text, CONFIG)[0]
    lint(text, CONFIG, rules=rules, memo=memo)
    for _ in range(data.draw(st.integers(1, 4))):
        start, end, inserted = data.draw(edits(text))
        text = text[:start] + inserted + text[end:]
        parsed = prepare(text, CONFIG, previous)
        remembered = lint(text, CONFIG, rules=rules, parsed=parsed, memo=memo)
        assert published(remembered) == published(lint(text, CONFIG, rules=rules))
        previous = parsed[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_a_lint_through_the_memo_equals_a_fresh_lint_after_each_edit(data):
    edit_session(data, None)


def _numbering(ctx):
    """Reports each instruction with its index: position-dependent, so not instruction-scope."""
    for index, ins in enumerate(ctx.dockerfile.instructions):
        if ctx.is_target(ins):
            yield ctx.violation(ins.keyword_span, f"instruction {index}")


MISDECLARED = Rule(RuleMeta(code="SZ999", name="misdeclared-numbering", severity=Severity.INFO,
                            fix=FixAvailability.NEVER, scope=Scope.INSTRUCTION), _numbering)


def test_the_equality_test_catches_a_rule_that_declares_too_narrow_a_scope():
    @settings(max_examples=200, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=st.data())
    def session(data):
        edit_session(data, [MISDECLARED])

    with pytest.raises(AssertionError):
        session()


def test_the_memo_moves_a_remembered_finding_with_its_instruction_and_reruns_only_the_edited_one():
    calls = []
    rule = registry.get("DL3004")

    def counting(ctx):
        calls.append(None if ctx.targets is None else [i.keyword for i in ctx.targets])
        return rule.check(ctx)

    counted = Rule(rule.meta, counting)
    memo = FindingsMemo()
    text = "FROM debian:12\nRUN sudo ls\nRUN echo hi\n"
    lint(text, CONFIG, rules=[counted], memo=memo)
    edited = "FROM debian:12\nLABEL a=b\nRUN sudo ls\nRUN echo hi there\n"
    result = lint(edited, CONFIG, rules=[counted], memo=memo)
    assert [(v.code, v.span.start, v.span.end, v.instruction_line) for v in result.violations] == [
        ("DL3004", edited.index("sudo"), edited.index("sudo") + 4, 2)]
    assert calls == [None, ["LABEL", "RUN"]]


def test_the_memo_is_forgotten_when_the_configuration_changes():
    memo = FindingsMemo()
    text = "FROM debian:12\nRUN sudo ls\n"
    lint(text, CONFIG, memo=memo)
    ignoring = Config(ignore=["DL3004"])
    assert "DL3004" not in [v.code for v in lint(text, ignoring, memo=memo).violations]
    assert "DL3004" in [v.code for v in lint(text, Config(), memo=memo).violations]


def test_declared_scopes_are_only_on_rules_that_read_run_commands():
    """Each instruction-scope rule gets its RUNs through ``run_commands``, which honours targets."""
    import inspect

    for rule in registry.all_rules():
        if rule.meta.scope is Scope.INSTRUCTION:
            assert "run_commands(ctx)" in inspect.getsource(rule.check), rule.code
