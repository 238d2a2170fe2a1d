"""The suppression comments and per-instruction ``# check=`` settings a parsed file carries."""

from __future__ import annotations

from stanzalint.syntax import parse
from stanzalint.syntax.pragmas import hadolint_shell

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


def test_a_pragma_after_any_blank_is_read_and_prose_that_names_a_tool_is_not():
    text = "FROM a\n#\x1c\u3000HADOLINT ignore=DL3008\n# see the hadolint docs\n#\x1chadolint shell=pwsh\nRUN x\n"
    dockerfile = parse(text)
    assert [(p.tool, [c.text for c in p.codes]) for p in dockerfile.pragmas] == [("hadolint", ["DL3008"])]
    assert hadolint_shell(dockerfile) == "pwsh"
