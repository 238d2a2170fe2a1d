"""Shared by the SZ0xx rules: each reports the parser's syntax issues of its own code."""

from __future__ import annotations

from typing import Iterator

from stanzalint.findings import Violation
from stanzalint.rules.base import RuleContext


def parser_issues(ctx: RuleContext) -> Iterator[Violation]:
    """The parser's issues whose code is this rule's, as violations at the parser's spans."""
    code = ctx.rule.code
    for issue in ctx.dockerfile.issues:
        if issue.code == code:
            yield ctx.violation(issue.span, issue.message)
