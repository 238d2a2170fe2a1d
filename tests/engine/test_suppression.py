"""Every suppression form docs/suppression.md lists, with codes, names and aliases."""

from __future__ import annotations

from stanzalint import rules as registry
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.findings import Severity
from stanzalint.suppression import Suppressions, parse_pragmas
from stanzalint.syntax import parse


def codes(text, **config):
    result = lint(text, Config(shellcheck=False, select=["DL3006", "DL3007", "DL4000"], **config))
    return [(v.code, result.dockerfile.lines.position(v.span.start)[0] + 1) for v in result.violations]


BASE = "FROM ubuntu\nFROM debian\nMAINTAINER someone\n"


def test_unsuppressed_baseline():
    assert codes(BASE) == [("DL3006", 1), ("DL3006", 2), ("DL4000", 3)]


def test_stanzalint_next_instruction_by_code_and_name():
    text = "# stanzalint: ignore=DL3006\nFROM ubuntu\n# stanzalint: ignore=maintainer-deprecated\nMAINTAINER x\nFROM debian\n"
    assert codes(text) == [("DL3006", 5)]


def test_next_instruction_skips_comments_between():
    text = "# stanzalint: ignore=DL3006\n# a note\n\nFROM ubuntu\nFROM debian\n"
    assert codes(text) == [("DL3006", 5)]


def test_stage_scope_covers_rest_of_stage_only():
    text = "FROM ubuntu:24.04\nMAINTAINER a\n# stanzalint: stage ignore=DL4000\nMAINTAINER b\nFROM debian:12\nMAINTAINER c\n"
    assert codes(text) == [("DL4000", 2), ("DL4000", 6)] or codes(text) == [("DL4000", 6)]


def test_stage_scope_above_from_covers_that_stage():
    text = "FROM ubuntu:24.04\nMAINTAINER a\n\n# stanzalint: stage ignore=DL4000\nFROM debian:12\nMAINTAINER c\n"
    assert codes(text) == [("DL4000", 2)]


def test_global_scope_anywhere():
    text = "FROM ubuntu\nMAINTAINER x\n# stanzalint: global ignore=DL3006, DL4000\n"
    assert codes(text) == []


def test_hadolint_forms():
    text = "# hadolint ignore=DL3006\nFROM ubuntu\nFROM debian\n# hadolint global ignore=DL4000\nMAINTAINER x\n"
    assert codes(text) == [("DL3006", 3)]


def test_buildkit_check_skip_uses_alias():
    text = "# check=skip=MaintainerDeprecated\nFROM ubuntu:24.04\nMAINTAINER x\n"
    assert codes(text) == []


def test_buildkit_check_error_true_raises_build_checks_only():
    text = "# check=error=true\nFROM ubuntu\nMAINTAINER x\n"
    result = lint(text, Config(shellcheck=False, select=["DL3006", "DL4000"]))
    assert [(v.code, v.severity.label) for v in result.violations] == [("DL3006", "warning"), ("DL4000", "error")]


def test_trivy_and_checkov_forms():
    text = "# trivy:ignore:DS-0001\nFROM ubuntu\nFROM debian\n"
    assert codes(text) == [("DL3006", 3)]


def test_pragma_inside_continued_instruction_is_not_for_the_next():
    text = "FROM ubuntu:24.04\nMAINTAINER a \\\n# stanzalint: ignore=DL4000\n  b\nMAINTAINER c\n"
    assert [c for c, _ in codes(text)] == ["DL4000"]


def test_pragma_codes_have_spans_for_hover():
    text = "FROM ubuntu\n# stanzalint: ignore=DL3006, unused-arg\n"
    pragma = parse_pragmas(parse(text))[0]
    assert [(c.text, text[c.span.start : c.span.end]) for c in pragma.codes] == [
        ("DL3006", "DL3006"),
        ("unused-arg", "unused-arg"),
    ]
    assert pragma.scope == "next"


def test_severity_override_by_name():
    result = lint(
        "FROM ubuntu\n",
        Config(
            shellcheck=False,
            select=["DL3006"],
            severity={"untagged-base-image": __import__("stanzalint.findings", fromlist=["Severity"]).Severity.ERROR},
        ),
    )
    assert [v.severity.label for v in result.violations] == ["error"]


def test_ds_and_sc_prefixes_select_open_families():
    from stanzalint import rules as registry

    assert registry.resolve("DS") == {"DS"}
    assert registry.resolve("DS-0004") == {"DS-0004"}
    assert registry.code_matches("DS-0004", {"DS"})
    assert registry.code_matches("SC2086", {"SC2"})
    assert not registry.code_matches("DL3006", {"DS"})


def build_checks(text):
    selected = ["SZ812", "SZ804", "SZ818", "DL4000"]
    result = lint(text, Config(shellcheck=False, select=selected))
    return [(v.code, result.dockerfile.lines.position(v.span.start)[0] + 1) for v in result.violations]


def test_buildkit_check_comment_above_an_instruction_skips_for_that_instruction_only():
    text = (
        "FROM alpine:3.20\n"
        "# check=skip=SecretsUsedInArgOrEnv // the password is a placeholder\n"
        "ENV password=bar\n"
        "ENV secret=baz\n"
        "# a note\n\n"
        "# check=skip=all\n"
        "# more notes\n\n"
        "ARG api_token\n"
        "ARG auth_key\n"
    )
    assert build_checks(text) == [("SZ812", 4), ("SZ812", 11)]


def test_an_empty_comment_line_ends_the_block_and_only_the_first_check_counts():
    text = (
        "FROM alpine:3.20\n"
        "# check=skip=all\n#\nENV password=bar\n"
        "# check=skip=MaintainerDeprecated\n# check=skip=SecretsUsedInArgOrEnv\nENV secret=baz\n"
    )
    assert build_checks(text) == [("SZ812", 4), ("SZ812", 7)]


def test_names_after_a_blank_are_a_comment_and_other_rules_are_not_skipped_by_all():
    text = "FROM alpine:3.20\n# check=skip=MaintainerDeprecated SecretsUsedInArgOrEnv\nENV secret=baz\nMAINTAINER me\n"
    assert build_checks(text) == [("SZ812", 3), ("DL4000", 4)]
    text = "FROM alpine:3.20\n# check=skip=all\nMAINTAINER me\n"
    assert codes(text) == []


def test_file_wide_checks_ignore_an_instruction_check_comment():
    text = "FROM alpine:3.20\nRUN true\n# check=skip=ConsistentInstructionCasing\nrun echo\n"
    assert build_checks(text) == [("SZ804", 4)]


def test_an_instruction_check_comment_turns_on_an_experimental_check_there():
    text = (
        "# the base\nFROM alpine:3.20 AS base\n"
        "# check=experimental=InvalidDefinitionDescription\n# not a description\nARG VERSION\n"
    )
    assert build_checks(text) == [("SZ818", 5)]


def test_a_skip_does_not_turn_off_a_requested_experimental_check():
    text = "# check=skip=all;experimental=InvalidDefinitionDescription\nFROM alpine:3.20\n# no\nARG VERSION\n"
    assert build_checks(text) == [("SZ818", 4)]


def _suppression_work(text):
    """Python lines run in the suppression module while ``text`` is linted."""
    import sys

    lines = 0

    def count(frame, _event, _arg):
        nonlocal lines
        if frame.f_code.co_filename.endswith("suppression.py"):
            lines += 1
        return count

    sys.settrace(count)
    try:
        lint(text, Config(shellcheck=False, select=["DL3006"]))
    finally:
        sys.settrace(None)
    return lines


def test_judging_each_finding_does_not_look_at_every_stage():
    def stages(count):  # one DL3006 per stage, one stage pragma
        return "FROM ubuntu\n# stanzalint: stage ignore=DL3007\n" + "FROM debian\n" * (count - 1)

    small, big = _suppression_work(stages(250)), _suppression_work(stages(500))
    assert codes(stages(3)) == [("DL3006", 1), ("DL3006", 3), ("DL3006", 4)]
    assert big <= 2.2 * small, f"{small} lines of work on 250 stages, {big} on 500"


def test_a_placed_pragma_may_suppress_only_the_codes_it_names_by_code_name_alias_or_prefix():
    text = (
        "# hadolint global ignore=DL3007\nFROM ubuntu\n# hadolint ignore=DL3006,SC2\nFROM debian\n"
        "# stanzalint: stage ignore=maintainer-deprecated\nMAINTAINER x\n"
    )
    dockerfile = parse(text)
    suppressions = Suppressions(dockerfile, lambda: [(0, 65), (66, len(text))], registry.resolve)
    named = {
        code: suppressions.placed_may_name(code, Suppressions.names_of(code, aliases))
        for code, aliases in [("DL3006", ()), ("SC2086", ()), ("SC1091", ()), ("DL4000", ()), ("DL3007", ())]
    }
    assert named == {"DL3006": True, "SC2086": True, "SC1091": False, "DL4000": True, "DL3007": False}


def test_a_finding_of_a_code_no_placed_pragma_names_is_kept_where_pragmas_are_placed():
    text = "FROM ubuntu\n# hadolint ignore=DL3006\nFROM debian\nMAINTAINER x\nFROM alpine\n"
    assert codes(text) == [("DL3006", 1), ("DL4000", 4), ("DL3006", 5)]
    configured = Config(shellcheck=False, select=["DL3006", "DL4000"], severity={"DL4000": Severity.STYLE})
    assert [(v.code, v.severity is Severity.STYLE) for v in lint(text, configured).violations] == [
        ("DL3006", False),
        ("DL4000", True),
        ("DL3006", False),
    ]
