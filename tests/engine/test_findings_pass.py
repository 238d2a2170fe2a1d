"""The pass after the rules: what it makes of the findings it is given (from the rules, the memo
or ShellCheck), and that it decides what depends on a code once per lint, not once per finding."""

from __future__ import annotations

import pytest
from stanzalint import rules as registry
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.findings import Severity, Violation
from stanzalint.suppression import Suppressions
from stanzalint.syntax.model import Span

TEXT = "FROM alpine:3.20\nRUN echo hi\nRUN echo there\n"
HI, THERE = TEXT.index("hi"), TEXT.index("there")  # on the lines 1 and 2 (from 0)


def judged(text, findings, config=None):
    """The published findings when the lint's only findings are ``findings``."""
    result = lint(text, config or Config(shellcheck=False), rules=[], extra=lambda d, a: findings)
    return [
        (v.code, v.span.start, v.span.end, v.message, v.severity, v.name, v.instruction_line) for v in result.violations
    ]


def sc(start, end, message="Double quote", code="SC2086"):
    return Violation(code, Span(start, end), message, Severity.INFO)


def test_findings_come_out_in_document_order_then_by_code():
    found = [sc(THERE, THERE + 5, code="SC2154"), sc(HI, HI + 2), sc(THERE, THERE + 5), sc(5, 9, code="SC1000")]
    assert [(code, start) for code, start, *_ in judged(TEXT, found)] == [
        ("SC1000", 5),
        ("SC2086", HI),
        ("SC2086", THERE),
        ("SC2154", THERE),
    ]


def test_a_finding_given_twice_is_published_once_and_other_messages_at_the_same_place_stay():
    found = [sc(HI, HI + 2), sc(HI, HI + 2, "Another"), sc(HI, HI + 2)]
    assert [message for *_, message, _sev, _name, _line in judged(TEXT, found)] == ["Double quote", "Another"]


def test_a_finding_past_the_end_of_the_text_is_cut_to_it():
    assert [(start, end) for _code, start, end, *_ in judged(TEXT, [sc(THERE, 400), sc(500, 600, "Gone")])] == [
        (THERE, len(TEXT)),
        (len(TEXT), len(TEXT)),
    ]


def test_remembered_findings_at_one_place_keep_the_order_found_among_runs_out_of_order():
    """Findings that come with their line and name (remembered ones, kept as they are) arrive in
    runs, each in document order: they come out merged in document order, and those at the same
    place with the same code in the order found, whatever their messages."""

    def remembered(start, end, message, code="SC2086"):
        finding = sc(start, end, message, code)
        finding.name, finding.instruction_line = f"shellcheck-{code.lower()}", 1 + (start >= THERE)
        return finding

    runs = [
        remembered(HI, HI + 2, "Zebra"),
        remembered(THERE, THERE + 5, "Zebra"),
        remembered(HI, HI + 2, "Apple", "SC2154"),
        remembered(HI, HI + 2, "Apple"),
        remembered(THERE, THERE + 5, "Apple"),
        remembered(HI, HI + 2, "Zebra"),
    ]
    assert [(code, start, message) for code, start, _e, message, *_ in judged(TEXT, runs)] == [
        ("SC2086", HI, "Zebra"),
        ("SC2086", HI, "Apple"),
        ("SC2154", HI, "Apple"),
        ("SC2086", THERE, "Zebra"),
        ("SC2086", THERE, "Apple"),
    ]


def test_findings_get_their_instruction_line_and_rule_name():
    found = [Violation("DL4000", Span(HI, HI + 2), "MAINTAINER is deprecated", Severity.ERROR), sc(THERE, THERE + 5)]
    assert [(code, name, line) for code, _s, _e, _m, _sev, name, line in judged(TEXT, found)] == [
        ("DL4000", "maintainer-deprecated", 1),
        ("SC2086", "shellcheck-sc2086", 2),
    ]


def test_configured_severities_apply_to_every_finding_of_the_code():
    config = Config(shellcheck=False, severity={"SC2086": Severity.ERROR})
    found = [sc(HI, HI + 2), sc(THERE, THERE + 5), sc(THERE + 1, THERE + 3, code="SC2154")]
    assert [(code, sev) for code, _s, _e, _m, sev, *_ in judged(TEXT, found, config)] == [
        ("SC2086", Severity.ERROR),
        ("SC2086", Severity.ERROR),
        ("SC2154", Severity.INFO),
    ]


def test_a_pragma_above_one_instruction_leaves_the_same_code_elsewhere():
    text = "FROM alpine:3.20\n# hadolint ignore=SC2086\nRUN echo $a\nRUN echo $b\n"
    found = [sc(text.index("$a"), text.index("$a") + 2), sc(text.index("$b"), text.index("$b") + 2)]
    assert [start for _code, start, *_ in judged(text, found)] == [text.index("$b")]


def test_each_code_is_looked_up_once_per_lint(monkeypatch):
    asked: list[str] = []
    meta_for = registry.meta_for

    def counted(code):
        asked.append(code)
        return meta_for(code)

    monkeypatch.setattr(registry, "meta_for", counted)
    text = "FROM alpine:3.20\n# hadolint ignore=SC2154\n" + "RUN echo $a\n" * 200
    runs = len("FROM alpine:3.20\n# hadolint ignore=SC2154\n")
    found = [sc(runs + 12 * i + 9, runs + 12 * i + 11) for i in range(200)]
    assert {text[v.span.start : v.span.end] for v in found} == {"$a"}
    assert len(judged(text, found)) == 200
    assert asked.count("SC2086") == 1


def test_findings_shared_by_two_lints_get_each_lints_severity_and_range():
    """A remembered or cached finding given to lints under other settings is judged by each."""
    shared = [sc(HI, HI + 2), sc(THERE, 400, "Past the end")]
    error = Config(shellcheck=False, severity={"SC2086": Severity.ERROR})
    assert [(sev, end) for _c, _s, end, _m, sev, *_ in judged(TEXT, shared, error)] == [
        (Severity.ERROR, HI + 2),
        (Severity.ERROR, len(TEXT)),
    ]
    longer = TEXT + "RUN echo more\n"
    assert [(sev, end) for _c, _s, end, _m, sev, *_ in judged(longer, shared)] == [
        (Severity.INFO, HI + 2),
        (Severity.INFO, len(longer)),
    ]


def test_each_code_is_looked_up_once_across_the_lints_under_one_configuration(monkeypatch):
    """A document's lints (a keystroke each) share what a code's verdict takes from the
    configuration; a lint under another configuration looks the code up again."""
    asked: list[str] = []
    meta_for = registry.meta_for
    monkeypatch.setattr(registry, "meta_for", lambda code: asked.append(code) or meta_for(code))
    config = Config(shellcheck=False)
    for text in (TEXT, TEXT + "RUN echo more\n", TEXT):
        assert len(judged(text, [sc(HI, HI + 2)], config)) == 1
    assert asked.count("SC2086") == 1
    judged(TEXT, [sc(HI, HI + 2)], Config(shellcheck=False))
    assert asked.count("SC2086") == 2


def test_lints_under_one_configuration_still_follow_each_texts_pragmas_and_check_settings():
    config = Config(shellcheck=False)
    maintainer = "FROM ubuntu\nMAINTAINER x\n"
    deprecated = Violation("DL4000", Span(12, 24), "MAINTAINER is deprecated", Severity.WARNING)

    def severities(text):
        moved = text.index("MAINTAINER")
        found = [Violation(deprecated.code, Span(moved, moved + 12), deprecated.message, deprecated.severity)]
        return [sev for _c, _s, _e, _m, sev, *_ in judged(text, found, config)]

    assert severities(maintainer) == [Severity.WARNING]
    assert severities("# check=error=true\n" + maintainer) == [Severity.ERROR]
    assert severities("# check=skip=MaintainerDeprecated\n" + maintainer) == []
    assert severities("# hadolint global ignore=DL4000\n" + maintainer) == []
    assert severities(maintainer) == [Severity.WARNING]


def test_a_finding_that_has_its_line_and_name_already_still_follows_this_lints_pragmas_and_severities():
    """A remembered finding comes with the line and name an earlier lint gave it: a pragma placed
    at its instruction, or a configured severity, in a later lint still applies to it."""
    text = "FROM alpine:3.20\nRUN echo $a\n"
    finding = sc(text.index("$a"), text.index("$a") + 2)
    assert judged(text, [finding]) == [("SC2086", 26, 28, "Double quote", Severity.INFO, "shellcheck-sc2086", 1)]
    ignored = "FROM alpine:3.20\n# hadolint ignore=SC2086\nRUN echo $a\n"
    moved = Violation(finding.code, Span(ignored.index("$a"), ignored.index("$a") + 2), finding.message, Severity.INFO)
    moved.name, moved.instruction_line = finding.name, 2
    assert judged(ignored, [moved]) == []
    error = Config(shellcheck=False, severity={"SC2086": Severity.ERROR})
    assert [sev for _c, _s, _e, _m, sev, *_ in judged(text, [finding], error)] == [Severity.ERROR]


def test_the_rules_that_run_follow_each_texts_check_settings_under_one_configuration():
    """Which rules run is kept for the next lints under the same settings: a text whose
    ``# check=`` no longer skips a rule has its findings again."""
    config = Config(shellcheck=False)
    maintainer = "FROM ubuntu\nMAINTAINER x\n"

    def deprecated(text):
        return [v.span.start - text.index("MAINTAINER") for v in lint(text, config).violations if v.code == "DL4000"]

    assert deprecated("# check=skip=MaintainerDeprecated\n" + maintainer) == []
    assert deprecated(maintainer) == [0]
    assert deprecated("# check=skip=MaintainerDeprecated\n" + maintainer) == []
    assert deprecated("# check=skip=JSONArgsRecommended\n" + maintainer) == [0]


def test_a_code_s_verdict_is_worked_out_once_across_lints_whose_pragmas_name_the_same_codes(monkeypatch):
    """Keystrokes that leave the pragmas naming the same codes share each code's verdict; a
    pragma naming another code, placed or global, has it worked out again, and followed."""
    asked: list[str] = []
    everywhere = Suppressions.everywhere
    monkeypatch.setattr(
        Suppressions, "everywhere", lambda self, code, names: asked.append(code) or everywhere(self, code, names)
    )
    config = Config(shellcheck=False)
    placed = "FROM alpine:3.20\n# hadolint ignore=SC2154\nRUN echo $a\n"
    texts = [placed, placed + "RUN echo $b\n", placed, placed.replace("SC2154", "SC2086"), placed]
    kept = []
    for text in texts:
        at = text.index("$a")
        kept.append(len(judged(text, [sc(at, at + 2)], config)))
    assert kept == [1, 1, 1, 0, 1]
    assert asked.count("SC2086") == 2  # the pragma naming SC2086 asked again; back to SC2154, the first verdict
    globally = "# hadolint global ignore=SC2086\n" + placed
    at = globally.index("$a")
    assert judged(globally, [sc(at, at + 2)], config) == []
    assert asked.count("SC2086") == 3


def remembered_sc(start, end, message="Double quote", code="SC2086"):
    """A finding as a remembered one comes: with its instruction's line and its rule's name."""
    finding = sc(start, end, message, code)
    finding.name, finding.instruction_line = f"shellcheck-{code.lower()}", 1 + (start >= THERE)
    return finding


def test_repeats_of_findings_kept_as_they_are_are_left_out_on_either_side_of_one_that_asks_for_more():
    """Remembered findings, a new one without its line in between (from then on each finding is
    looked up by its key): a repeat before it or after it of one kept before it is published once,
    the first of them, as a repeat among the later ones."""
    first = remembered_sc(THERE, THERE + 5)
    found = [
        first,
        remembered_sc(THERE, THERE + 5),
        remembered_sc(HI, HI + 2, "Apple"),
        sc(HI, HI + 2),  # asks for its line
        remembered_sc(THERE, THERE + 5),
        remembered_sc(HI, HI + 2, "Apple"),
        remembered_sc(THERE, 400, "Cut"),
        remembered_sc(THERE, 400, "Cut"),
    ]
    result = lint(TEXT, Config(shellcheck=False), rules=[], extra=lambda d, a: found).violations
    assert [(v.span.start, v.span.end, v.message) for v in result] == [
        (HI, HI + 2, "Apple"),
        (HI, HI + 2, "Double quote"),
        (THERE, THERE + 5, "Double quote"),
        (THERE, len(TEXT), "Cut"),
    ]
    assert result[2] is first


def test_a_repeat_after_findings_that_start_at_its_place_with_another_end_or_code_is_left_out():
    """Remembered findings starting at one offset, with other ends and codes, then a repeat of one
    of them: only the repeat is left out (repeats are looked for among the findings that start
    where the next one does, every one of them)."""
    found = [
        remembered_sc(HI, HI + 2, "Short"),
        remembered_sc(HI, HI + 4, "Long"),
        remembered_sc(HI, HI + 2, "Other code", code="SC2154"),
        remembered_sc(HI, HI + 4, "Long"),
    ]
    assert [(code, start, end, message) for code, start, end, message, *_ in judged(TEXT, found)] == [
        ("SC2086", HI, HI + 2, "Short"),
        ("SC2154", HI, HI + 2, "Other code"),
        ("SC2086", HI, HI + 4, "Long"),
    ]


def test_remembered_findings_cut_to_the_text_are_published_once():
    found = [remembered_sc(THERE, 400, "Cut"), remembered_sc(THERE, THERE + 5), remembered_sc(THERE, 500, "Cut")]
    assert [(start, end, message) for _c, start, end, message, *_ in judged(TEXT, found)] == [
        (THERE, THERE + 5, "Double quote"),
        (THERE, len(TEXT), "Cut"),
    ]


@pytest.mark.parametrize("pragma", ["", "# hadolint ignore=SC2154\n"])
def test_a_new_finding_given_twice_gets_its_line_and_name_and_its_repeat_is_left_as_it_came(pragma):
    """A finding without its line and name, and a repeat of it: the first is published with
    them; the repeat, which another lint may be given again, is left as it came (also when a
    finding of a code a pragma names comes between them)."""
    text = TEXT.replace("RUN echo there", pragma + "RUN echo there")
    there = text.index("there")
    first, repeat = sc(there, there + 5), sc(there, there + 5)
    found = [first, remembered_sc(HI, HI + 2, code="SC2154"), repeat]
    result = lint(text, Config(shellcheck=False), rules=[], extra=lambda d, a: found).violations
    line = 2 + bool(pragma)
    assert result[-1] is first and (first.instruction_line, first.name) == (line, "shellcheck-sc2086")
    assert (repeat.instruction_line, repeat.name) == (None, "")


def test_findings_from_outside_the_registry_of_an_ignored_code_are_left_out_and_the_others_keep_their_order():
    found = [sc(THERE, THERE + 5), sc(HI, HI + 2, code="SC2154"), sc(HI, HI + 1), sc(HI, HI + 2, code="SC2154")]
    config = Config(shellcheck=False, ignore=["SC2154"])
    assert [(code, start, end) for code, start, end, *_ in judged(TEXT, found, config)] == [
        ("SC2086", HI, HI + 1),
        ("SC2086", THERE, THERE + 5),
    ]
    result = lint(TEXT, config, rules=[], extra=lambda d, a: iter(found))  # any iterable
    assert [v.code for v in result.violations] == ["SC2086", "SC2086"]


def test_the_selection_is_asked_once_per_code_of_the_findings_from_outside_the_registry(monkeypatch):
    from stanzalint.config import Selection

    asked: list[str] = []
    enabled = Selection.enabled
    monkeypatch.setattr(Selection, "enabled", lambda self, code, *a: asked.append(code) or enabled(self, code, *a))
    found = [sc(HI, HI + 2), sc(THERE, THERE + 5), sc(THERE, THERE + 5, code="SC2154")]
    assert len(lint(TEXT, Config(shellcheck=False), rules=[], extra=lambda d, a: found).violations) == 3
    assert sorted(asked) == ["SC2086", "SC2154"]
