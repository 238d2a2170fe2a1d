"""What the findings memo hands back from the last few lints of a document: the findings a
recent lint handed out about the rows after an edit, and a stage's findings placed in a text of
its that a recent lint saw. Typing a word and erasing it brings the rows back where, and as,
they were a few lints ago; anything else must be placed anew, exactly as a fresh lint places it."""

from __future__ import annotations

import copy

from ruletest import memo_session
from stanzalint import rules as registry
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.findings import FixAvailability, Severity
from stanzalint.rules.base import Rule, RuleMeta, Scope

CONFIG = Config()


def _said(ctx):
    """Reports each RUN with its text: its findings differ as soon as its text does."""
    for ins in ctx.dockerfile.of_keyword("RUN"):
        yield ctx.violation(ins.keyword_span, f"says {ctx.source(ins.span)!r}")


SAID = Rule(
    RuleMeta(code="SZ998", name="said", severity=Severity.INFO, fix=FixAvailability.NEVER, scope=Scope.INSTRUCTION),
    _said,
)


def session(rules, *texts):
    """Each text's findings linted in turn through one memo, each checked against a fresh lint
    (under a copy of the configuration: it shares nothing the process keeps per configuration)."""
    results = [result.violations for result in memo_session(texts, CONFIG, rules)]
    for text, found in zip(texts, results):
        fresh = lint(text, copy.copy(CONFIG), rules=rules).violations
        assert [(v.code, v.span, v.message, v.instruction_line) for v in found] == [
            (v.code, v.span, v.message, v.instruction_line) for v in fresh
        ]
    return results


RUNS = "FROM debian:12\nRUN echo a\nRUN say b\nRUN say c\nRUN say d\n"


def test_the_rows_after_an_erased_keystroke_have_the_findings_a_recent_lint_handed_out_there():
    typed = [RUNS.replace("echo a", word) for word in ("echo a", "echo ab", "echo abc", "echo ab")]
    _first, once, _twice, erased = session([SAID], *typed)
    assert [v.message for v in erased[1:]] == ["says 'RUN say b'", "says 'RUN say c'", "says 'RUN say d'"]
    assert all(a is b for a, b in zip(erased[1:], once[1:], strict=True))  # handed back, not copied again


def test_rows_after_the_edit_that_stand_elsewhere_than_in_a_recent_lint_are_placed_anew():
    """Erased, the rows after the edit stand where they stood two lints ago up to a line added
    between two of them: the later ones have moved."""
    moved = RUNS.replace("RUN say d", "\nRUN say d")
    session([SAID], RUNS, RUNS.replace("echo a", "echo ab"), moved)


def test_rows_after_the_edit_whose_text_differs_from_a_recent_lint_s_are_not_given_its_findings():
    """Erased, the rows after the edit stand where they stood two lints ago, but one of them was
    edited since (to a text as long)."""
    edited = RUNS.replace("say c", "say x")
    session([SAID], RUNS, edited.replace("echo a", "echo ab"), edited)


#: a stage using curl and wget (DL4001 reports the wget), after a stage of its own
STAGES = (
    "FROM debian:12 AS a\nRUN echo x\n"
    "FROM debian:12\nRUN curl -fsSLO https://example.com/a\nRUN echo a\nRUN wget -q https://example.com/b\n"
)


def test_a_stage_s_findings_placed_in_a_text_a_recent_lint_saw_are_that_lint_s():
    typed = [STAGES.replace("echo a", word) for word in ("echo a", "echo ab", "echo abc", "echo ab")]
    found = session([registry.get("DL4001")], *typed)
    assert [typed[3][v.span.start : v.span.end] for v in found[3]] == ["wget"]
    assert all(a is b for a, b in zip(found[3], found[1], strict=True))  # handed back, not placed again


def test_a_stage_s_text_a_recent_lint_saw_elsewhere_has_its_findings_placed_anew():
    """The stage has the text it had in the last lint, but the edit of the stage before moved it."""
    edited = STAGES.replace("echo a", "echo ab")
    found = session([registry.get("DL4001")], STAGES, edited, edited.replace("echo x", "echo xy"))
    assert [v.span.start for v in found[2]] == [edited.index("wget") + 1]
