"""The engine's order carried from a document's last lint (``engine._judged_from_last``): a lint
through the document's memo keeps, drops, names and orders its findings exactly as a fresh lint
after any edit (pragmas, ``# check=`` directives, repeats, findings without their line or name,
spans past the text), and judges every finding again where the last order cannot be carried."""

from __future__ import annotations

import copy
import random

import pytest
from stanzalint import engine
from stanzalint.config import Config
from stanzalint.engine import lint, prepare
from stanzalint.findings import Severity, Violation
from stanzalint.findings_memo import FindingsMemo
from stanzalint.syntax.model import Span

CONFIG = Config()

TEXT = """# check=skip=JSONArgsRecommended
FROM debian:12 AS base
# stanzalint: ignore=DL3008
RUN apt-get update && apt-get install -y curl
RUN apt-get install wget && sudo ls
# check=skip=StageNameCasing
FROM base AS Next
# hadolint ignore=DL3004
RUN sudo apt-get install vim
RUN cd /tmp && sudo echo hi
CMD echo hi
"""

#: ``TEXT`` without what is placed at an instruction (pragmas, its own ``# check=``): every code's
#: verdict keeps its findings as they are
PLAIN = "".join(line for line in TEXT.splitlines(keepends=True) if line.startswith("# check=skip=J") or line[0] != "#")

#: what a random edit types: plain text, and text that changes what pragmas and ``# check=`` say
TYPED = ["x", " ", "pkg", "\n", "\nRUN sudo ls\n", "# stanzalint: ignore=DL3004\n", "# check=skip=all\n", "="]


def published(violations):
    """What a user sees of each finding: code, name, message, severity, range and line."""
    return [(v.code, v.name, v.message, v.severity, v.span.start, v.span.end, v.instruction_line) for v in violations]


class Extra:
    """Findings from outside the rules, as ShellCheck's pass hands them: the same objects while
    they stand where they stood. At each RUN: a finding at its keyword given twice (the same
    object, and an equal one: repeats), one without its line and name over the RUN, and two at
    one place with one code and two messages (kept in the order found); with ``past_end``, one
    that runs past the end of the text (clamped)."""

    def __init__(self, past_end: bool = False) -> None:
        self.known: dict[tuple[object, ...], Violation] = {}
        self.past_end = past_end

    def __call__(self, dockerfile, _analysis) -> list[Violation]:
        found = []
        for ins in dockerfile.of_keyword("RUN"):
            word, whole, line = ins.keyword_span, ins.span, ins.start_line
            found += [self._made("EX1", word, "run", line), self._made("EX1", word, "run", line)]
            found.append(
                Violation("EX1", Span(word.start, word.end), "run", Severity.INFO, name="ex", instruction_line=line)
            )
            found.append(self._made("EX2", whole, "whole", None, line))
            found += [self._made("EX3", word, "b", line), self._made("EX3", word, "a", line)]
        if self.past_end:
            end = len(dockerfile.text)
            found.append(self._made("EX4", Span(max(0, end - 4), end + 3), "past", None, dockerfile.text.count("\n")))
        return found

    def _made(self, code: str, span: Span, message: str, line: int | None, at_line: int | None = None) -> Violation:
        """The finding made when it last stood at this place and line (``at_line``: where one
        without its line stands; the engine gives it the line of its instruction)."""
        key = (code, span.start, span.end, message, line, at_line)
        if key not in self.known:
            name = "" if line is None else "ex"
            self.known[key] = Violation(
                code, Span(span.start, span.end), message, Severity.INFO, name=name, instruction_line=line
            )
        return self.known[key]


def through_memo(texts, extra, config=CONFIG):
    """Each of ``texts`` linted in turn through one findings memo on the previous analysis, as
    the language server lints a document's edits."""
    memo, previous, results = FindingsMemo(), None, []
    for text in texts:
        parsed = prepare(text, config, previous)
        results.append(lint(text, config, extra=extra, parsed=parsed, memo=memo))
        previous = parsed[1]
    return results


def random_edits(text: str, seed: int, count: int) -> list[str]:
    """``text`` and ``count`` edits of it: a character erased, or some text typed, anywhere."""
    rng = random.Random(seed)
    texts = [text]
    for _ in range(count):
        text = texts[-1]
        at = rng.randrange(len(text) + 1)
        if text and rng.random() < 0.4:
            texts.append(text[:at] + text[at + 1 :])
        else:
            texts.append(text[:at] + rng.choice(TYPED) + text[at:])
    return texts


@pytest.fixture
def carried(monkeypatch):
    """How many lints ``_judged_from_last`` ordered (the others were judged a finding at a time)."""
    calls = []
    judged_from_last = engine._judged_from_last

    def counted(*args):
        found = judged_from_last(*args)
        calls.append(found is not None)
        return found

    monkeypatch.setattr(engine, "_judged_from_last", counted)
    return calls


@pytest.mark.parametrize("past_end", [False, True], ids=["inside", "past-end"])
@pytest.mark.parametrize("text", [TEXT, PLAIN], ids=["pragmas", "plain"])
@pytest.mark.parametrize("seed", range(4))
def test_a_lint_through_the_memo_orders_as_a_fresh_lint_after_each_edit(seed, text, past_end, carried):
    texts = random_edits(text, seed, 40)
    remembered = through_memo(texts, Extra(past_end))
    for text, result in zip(texts, remembered):
        # fresh: under a copy of the configuration (no shared verdict table), with new findings
        fresh = lint(text, copy.copy(CONFIG), extra=Extra(past_end))
        assert published(result.violations) == published(fresh.violations)
    if text is PLAIN:  # a finding clamped has every finding judged again
        assert any(carried) != past_end


def test_typing_in_a_run_carries_the_order_and_erasing_a_line_moves_the_later_findings(carried):
    at = PLAIN.index("curl") + 2
    typed = [PLAIN[:at] + "p" * k + PLAIN[at:] for k in range(4)]
    erased = typed[-1].replace("RUN apt-get install wget && sudo ls\n", "")
    texts = [*typed, erased, typed[-1]]
    remembered = through_memo(texts, Extra())
    for text, result in zip(texts, remembered):
        assert published(result.violations) == published(lint(text, copy.copy(CONFIG), extra=Extra()).violations)
    assert carried == [False, True, True, True, True, True]


def test_a_carried_finding_that_now_runs_past_the_text_is_clamped(carried):
    """The same finding object (as ShellCheck's pass hands it on) ends where the last text ended:
    after an erase at the end it runs past the text, and is clamped as in a fresh lint."""
    text = PLAIN + "# end"
    tail = Violation("EX9", Span(len(text) - 3, len(text)), "tail", Severity.INFO, name="ex", instruction_line=10)

    def extra(_dockerfile, _analysis):
        return [tail]

    remembered = through_memo([text, text[:-2]], extra)
    fresh = lint(text[:-2], copy.copy(CONFIG), extra=extra)
    assert published(remembered[1].violations) == published(fresh.violations)
    assert remembered[1].violations[-1].span.end == len(text) - 2
    assert carried == [False, False]


def test_the_order_is_judged_again_when_a_global_pragma_turns_a_code_off(carried):
    """Typed at the end, the pragma leaves every finding the same object at the same index: the
    verdicts changed all the same."""
    texts = [PLAIN, PLAIN + "#", PLAIN + "# stanzalint: global ignore=EX3\n", PLAIN + "#"]
    remembered = through_memo(texts, Extra())
    for text, result in zip(texts, remembered):
        assert published(result.violations) == published(lint(text, copy.copy(CONFIG), extra=Extra()).violations)
    assert "EX3" not in {v.code for v in remembered[2].violations}
    assert carried == [False, True, False, False]


def test_the_order_is_judged_again_when_the_verdicts_change(carried):
    at = PLAIN.index("RUN cd")
    typed = ["", "x", "# stanzalint: ignore=EX1\n", "# check=skip=JSONArgsRecommended\n", "# check=error=true\n", "y"]
    texts = [PLAIN[:at] + each + PLAIN[at:] for each in typed]
    remembered = through_memo(texts, Extra())
    for text, result in zip(texts, remembered):
        assert published(result.violations) == published(lint(text, copy.copy(CONFIG), extra=Extra()).violations)
    # a pragma placed at an instruction names a code found, an instruction's own ``# check=``
    # may turn a build check off, ``# check=error=true`` sets a severity: each judged again
    assert carried == [False, True, False, False, False, False]


def test_the_order_is_judged_again_under_another_configuration(carried):
    memo, extra = FindingsMemo(), Extra()
    lint(PLAIN, CONFIG, extra=extra, memo=memo)
    lint(PLAIN, CONFIG, extra=extra, memo=memo)
    other = Config(severity={"DL3004": Severity.ERROR})
    result = lint(PLAIN, other, extra=extra, memo=memo)
    assert published(result.violations) == published(lint(PLAIN, copy.copy(other), extra=Extra()).violations)
    assert {v.severity for v in result.violations if v.code == "DL3004"} == {Severity.ERROR}
    assert carried == [False, True, False]
