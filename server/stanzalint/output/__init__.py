"""Formatters for ``stanzalint check``: text, json, sarif, github. Each takes ``FileReport``s."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional

from stanzalint.rules.base import Violation
from stanzalint.syntax.model import LineIndex, Span


@dataclass
class Location:
    """1-based line and column (code points); the end is exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


def location(lines: LineIndex, span: Span) -> Location:
    sl, sc = lines.position(span.start)
    el, ec = lines.position(span.end)
    return Location(sl + 1, sc + 1, el + 1, ec + 1)


@dataclass
class FileReport:
    """One file's findings, with what a formatter needs to place them."""

    path: str
    lines: LineIndex
    violations: List[Violation]


FORMATS = ("text", "json", "sarif", "github")


def formatter(name: str):
    """The ``format(reports, **options) -> str`` function for a format name."""
    if name == "json":
        from stanzalint.output.json_format import format_json

        return format_json
    if name == "sarif":
        from stanzalint.output.sarif import format_sarif

        return format_sarif
    if name == "github":
        from stanzalint.output.github import format_github

        return format_github
    from stanzalint.output.text import format_text

    return format_text
