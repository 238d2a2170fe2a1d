"""The "ignore this rule" edits: a code joins an existing pragma once, or a new pragma is written."""

from stanzalint.findings import Edit
from stanzalint.refactor import ignore_for_file, ignore_for_instruction
from stanzalint.syntax.parser import parse


def _applied(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.span.start, reverse=True):
        text = text[: edit.span.start] + edit.text + text[edit.span.end :]
    return text


def _for_instruction(text: str, code: str) -> str:
    dockerfile = parse(text)
    return _applied(text, ignore_for_instruction(dockerfile, dockerfile.instructions[-1], code))


def _for_file(text: str, code: str) -> str:
    return _applied(text, ignore_for_file(parse(text), code))


def test_instruction_code_joins_the_pragma_above_once():
    text = "FROM debian:12\n# stanzalint: ignore=DL3008\nRUN apt-get install -y curl\n"
    assert _for_instruction(text, "DL3015") == text.replace("DL3008", "DL3008,DL3015")
    assert _for_instruction(text, "dl3008") == text


def test_instruction_without_pragma_gets_one():
    text = "FROM debian:12\nRUN apt-get install -y curl\n"
    assert (
        _for_instruction(text, "DL3008") == "FROM debian:12\n# stanzalint: ignore=DL3008\nRUN apt-get install -y curl\n"
    )


def test_file_code_joins_the_global_pragma_once():
    text = "# stanzalint: global ignore=DL3006\nFROM ubuntu\n"
    assert _for_file(text, "DL3007") == "# stanzalint: global ignore=DL3006,DL3007\nFROM ubuntu\n"
    assert _for_file(text, "DL3006") == text


def test_file_pragma_goes_after_the_parser_directives():
    text = "# syntax=docker/dockerfile:1\nFROM ubuntu\n"
    assert (
        _for_file(text, "DL3006") == "# syntax=docker/dockerfile:1\n# stanzalint: global ignore=DL3006\nFROM ubuntu\n"
    )
