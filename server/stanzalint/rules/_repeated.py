"""Shared by DL3012, DL4003 and DL4004: an instruction repeated inside one stage, where only the
last one takes effect."""

from __future__ import annotations

from typing import Iterator

from stanzalint.rules._instructions import stage_body
from stanzalint.findings import Related, Violation
from stanzalint.rules.base import RuleContext


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
