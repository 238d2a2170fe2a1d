"""``completion.candidates`` alone: what may be typed at an offset, from the text before it on
its line and the lint result of the document."""

from __future__ import annotations

from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.lsp.completion import candidates


def _labels(text, offset):
    return [c.label for c in candidates(lint(text, Config()), text, offset)]


def test_parser_directives_only_above_the_first_instruction():
    text = "# e\nFROM debian:12\n# e"
    assert _labels(text, 3) == ["syntax=", "escape=", "check="]
    assert _labels(text, len(text)) == []


def test_stages_after_a_mount_from_key_in_any_case():
    for key in ("from", "FROM"):
        text = f"FROM debian:12 AS build\nFROM scratch\nRUN --mount=type=bind,{key}="
        assert _labels(text, len(text)) == ["build"]


def test_stages_after_from_flag():
    text = "FROM debian:12 AS build\nFROM scratch\nCOPY --from="
    assert [(c.label, c.detail) for c in candidates(lint(text, Config()), text, len(text))] == [
        ("build", "stage 0: FROM debian:12")
    ]
