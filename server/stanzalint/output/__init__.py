"""Formatters for ``stanzalint check`` and ``scan``: one module per ``--format``. Each takes ``FileReport``s."""

from __future__ import annotations

import re
from dataclasses import dataclass

from stanzalint.findings import Violation
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
    violations: list[Violation]


#: Format name -> the module under ``stanzalint.output`` and its ``format(reports, url_for, **options)``.
_FORMATTERS = {
    "text": ("text", "format_text"),
    "json": ("json_format", "format_json"),
    "sarif": ("sarif", "format_sarif"),
    "github": ("github", "format_github"),
    "gitlab": ("gitlab", "format_gitlab"),
    "checkstyle": ("checkstyle", "format_checkstyle"),
    "junit": ("junit", "format_junit"),
    "sonarqube": ("sonarqube", "format_sonarqube"),
    "gnu": ("gnu", "format_gnu"),
}
FORMATS = tuple(_FORMATTERS)
FORMAT_HELP = (
    "text (default); json; sarif (code scanning); github (workflow annotations); gitlab (GitLab Code Quality); "
    "checkstyle (XML); junit (XML test report); sonarqube (generic external issues); "
    "gnu (file:line:column: severity: message)"
)


def formatter(name: str):
    """The ``format(reports, url_for, **options) -> str`` function for a format name."""
    import importlib

    module, function = _FORMATTERS.get(name, _FORMATTERS["text"])
    return getattr(importlib.import_module(f"stanzalint.output.{module}"), function)


#: Characters XML 1.0 cannot carry, even escaped (a Dockerfile's control bytes reach messages).
_NOT_XML = re.compile("[^\\x09\\x0a\\x0d\\x20-\\ud7ff\\ue000-\\ufffd\\U00010000-\\U0010ffff]")


def xml_text(root) -> str:
    """An ElementTree element as an indented UTF-8 XML document with its declaration; characters
    XML cannot carry become U+FFFD."""
    from xml.etree import ElementTree as ET

    ET.indent(root)
    body = _NOT_XML.sub("\ufffd", ET.tostring(root, encoding="unicode"))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
