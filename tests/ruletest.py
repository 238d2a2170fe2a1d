"""Helpers for rule tests: lint with one rule, show findings as "line:col-line:col message",
apply a rule's fixes and check the result the way docs/architecture.md promises (re-lints clean,
BuildKit parses it, applying again changes nothing)."""

from __future__ import annotations

from collections.abc import Sequence

from stanzalint.config import Config
from stanzalint.engine import LintResult, fix_all, lint
from stanzalint.findings import Violation
from stanzalint.output import location
from stanzalint.rules.base import Rule
from stanzalint.syntax.model import LineIndex


def config_for(codes: Sequence[str], **overrides) -> Config:
    """A Config selecting only ``codes`` (off-by-default rules included), ShellCheck off."""
    return Config(select=list(codes), extend_select=list(codes), shellcheck=False, **overrides)


def violations(code: str, text: str, path: str | None = None, **overrides) -> list[Violation]:
    result = lint(text, config_for([code], **overrides), path)
    assert not result.failures, result.failures[0].traceback
    return [v for v in result.violations if v.code == code]


def found(code: str, text: str, path: str | None = None, **overrides) -> list[tuple[str, str]]:
    """``[("2:1-2:24", "message"), ...]`` with 1-based lines and columns, end exclusive."""
    lines = LineIndex(text)
    out = []
    for v in violations(code, text, path, **overrides):
        loc = location(lines, v.span)
        out.append((f"{loc.line}:{loc.column}-{loc.end_line}:{loc.end_column}", v.message))
    return out


def flagged_text(code: str, text: str, **overrides) -> list[str]:
    """The document text under each finding's range."""
    return [text[v.span.start : v.span.end] for v in violations(code, text, **overrides)]


def rule_work(code: str, text: str, first_run: bool = False) -> int:
    """The Python lines ``code``'s check runs on ``text`` (loop iterations of comprehensions
    included): its work, counted the same on any machine, so a rule linear in the file does twice
    the work on a file twice as big. Counted on a second run, so that what is computed once
    (facts the analysis and the lint's ``LintFacts`` keep, the rule's module-level caches) is not
    counted; with ``first_run``, on the first run on a fresh analysis instead (what the rule has
    them compute and keep counts too), the RUNs' shell parsing, which every rule shares, left
    out."""
    import gc
    import sys

    from stanzalint.engine import prepare
    from stanzalint.rules import get
    from stanzalint.rules.base import RuleContext
    from stanzalint.rules.lint_facts import LintFacts

    config = config_for([code])
    dockerfile, analysis = prepare(text, config)
    ctx = RuleContext(get(code), LintFacts(dockerfile, analysis, config))
    if first_run:
        for ins in dockerfile.of_keyword("RUN"):
            analysis.commands(ins)
    else:
        list(ctx.rule.check(ctx))
    lines = 0

    def count(_frame, _event, _arg):
        nonlocal lines
        lines += 1
        return count

    # a collection during the count would run the collector's Python callbacks under the trace
    # (Hypothesis registers one once used in the process: 13 lines a collection): collect first
    # and keep the collector off while counting
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    sys.settrace(count)
    try:
        list(ctx.rule.check(ctx))
    finally:
        sys.settrace(None)
        if was_enabled:
            gc.enable()
    return lines


def buildkit_accepts(text: str) -> bool:
    import dockerfile

    try:
        dockerfile.parse_string(text)
    except dockerfile.GoParseError:
        return False
    return True


def fixed(code: str, text: str, unsafe: bool = False, path: str | None = None, **overrides) -> str:
    """Apply ``code``'s fixes to a fixed point and check the promises about the result:
    the finding is gone, BuildKit's parser accepts the text, and fixing again changes nothing."""
    config = config_for([code], **overrides)
    before = [v for v in lint(text, config, path).violations if v.code == code]
    assert before, f"{code} did not fire on the input"
    assert any(v.fix is not None for v in before), f"{code} offered no fix"
    result = fix_all(text, config, path, unsafe=unsafe)
    assert result.text != text, "the fix changed nothing"
    remaining = [v for v in result.remaining.violations if v.code == code]
    assert not remaining, f"{code} still fires after its fix: {[v.message for v in remaining]}"
    assert buildkit_accepts(result.text), f"BuildKit rejects the fixed text:\n{result.text}"
    again = fix_all(result.text, config, path, unsafe=unsafe)
    assert again.text == result.text, "fixing twice differs from fixing once"
    return result.text


def memo_session(
    texts: Sequence[str], config: Config, rules: Sequence[Rule] | None = None, on_analysis: bool = True
) -> list[LintResult]:
    """Each of ``texts`` linted in turn through one findings memo, on the previous text's parse
    and analysis (its parse alone without ``on_analysis``), as the language server lints a
    document's edits. Compare them with fresh lints only afterwards: a fresh lint between two
    edits would replace what rules keep from one parse to the next (``KeptTally``,
    ``KeptPicks``, ``KeptStageParts``), and that carry would go untested."""
    from stanzalint.engine import prepare
    from stanzalint.findings_memo import FindingsMemo

    memo, previous, results = FindingsMemo(), None, []
    for text in texts:
        parsed = prepare(text, config, previous)
        results.append(lint(text, config, rules=rules, parsed=parsed, memo=memo))
        previous = parsed[1] if on_analysis else parsed[0]
    return results


def through_memo(code: str, texts: Sequence[str]) -> list[list[str]]:
    """The text under each finding of ``code`` for each of ``texts`` linted in turn through one
    findings memo (``memo_session``); each lint's findings (range, message, fix, related
    places) are checked to be a fresh lint's."""
    from stanzalint.rules import get

    config, rules = Config(), [get(code)]
    remembered = [result.violations for result in memo_session(texts, config, rules)]
    for text, found in zip(texts, remembered):
        fresh = lint(text, config, rules=rules).violations
        assert [_seen(v) for v in found] == [_seen(v) for v in fresh]
    return [[text[v.span.start : v.span.end] for v in found] for text, found in zip(texts, remembered)]


def _seen(v: Violation) -> tuple:
    """What a user sees of a finding: its range, message, fix and related places."""
    fix = v.fix and (v.fix.title, [(e.span, e.text) for e in v.fix.edits])
    return v.span, v.message, fix, [(r.span, r.message) for r in v.related]
