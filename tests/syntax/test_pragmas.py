"""The suppression comments and per-instruction ``# check=`` settings a parsed file carries."""

from __future__ import annotations

from stanzalint.syntax import parse

TEXT = "# check=error=true\nFROM ubuntu\n# hadolint ignore=DL3008\n# check=skip=JSONArgsRecommended\nRUN x\n"


def test_pragmas_are_read_once_per_parse():
    dockerfile = parse(TEXT)
    assert [(p.tool, p.scope, [c.text for c in p.codes]) for p in dockerfile.pragmas] == [
        ("hadolint", "next", ["DL3008"]),
        ("buildkit", "next", ["JSONArgsRecommended"]),
    ]
    assert dockerfile.pragmas is dockerfile.pragmas
    assert parse(TEXT).pragmas is not dockerfile.pragmas


def test_instruction_checks_are_keyed_by_the_instruction_they_stand_above():
    dockerfile = parse(TEXT)
    run = dockerfile.of_keyword("RUN")[0]
    comment, settings = dockerfile.instruction_checks[run.span.start]
    assert comment.text == "check=skip=JSONArgsRecommended"
    assert settings.skip == {"JSONArgsRecommended"} and not settings.error
    assert list(dockerfile.instruction_checks) == [run.span.start]
    assert dockerfile.instruction_checks is dockerfile.instruction_checks
