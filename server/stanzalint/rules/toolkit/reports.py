"""Findings several rules report the same way: the parser's syntax issues of a rule's code and an
instruction repeated inside one stage."""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import Related, Violation
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.stages import stage_body


def parser_issues(ctx: RuleContext) -> Iterator[Violation]:
    """The parser's issues whose code is this rule's, as violations at the parser's spans."""
    code = ctx.rule.code
    for issue in ctx.dockerfile.issues:
        if issue.code == code:
            yield ctx.violation(issue.span, issue.message)


def repeated(ctx: RuleContext, keyword: str, message: str) -> Iterator[Violation]:
    """Every ``keyword`` instruction of a stage after its first one, pointing back at the earlier one."""
    for stage in ctx.analysis.stages:
        previous = None
        for ins in stage_body(stage):
            if ins.keyword != keyword:
                continue
            if previous is not None:
                yield ctx.violation(
                    ins.keyword_span,
                    message,
                    related=[Related(previous.keyword_span, f"earlier {keyword}, overridden")],
                    instruction_line=ins.start_line,
                )
            previous = ins
