"""
## What it does
Test-only rules for the language server tests: SZ998 raises on a file containing `BOOM`;
SZ999 flags `WORKDIR` with a relative path and offers a safe fix.

## Why is this bad?
A relative WORKDIR depends on the one before it.

## Example
```dockerfile
WORKDIR app
```

## Use instead
```dockerfile
WORKDIR /app
```

## Fix safety
Safe.

## Options
None.

## References
- none
"""

from __future__ import annotations

import sys

from stanzalint import rules
from stanzalint.findings import Edit, Fix, FixAvailability, Related, Severity, Tag
from stanzalint.lsp import hover as hover_module
from stanzalint.rules.base import rule
from stanzalint.syntax.model import Span

rules.all_rules()  # load the real rules first, then add the test ones


@rule(code="SZ998", name="test-failing-rule", severity=Severity.ERROR)
def failing(ctx):
    if "BOOM" in ctx.text:
        raise RuntimeError("this rule fails on purpose")
    return []


@rule(
    code="SZ999",
    name="test-relative-workdir",
    severity=Severity.STYLE,
    fix=FixAvailability.ALWAYS,
    tags=(Tag.UNNECESSARY,),
)
def relative_workdir(ctx):
    first = ctx.dockerfile.instructions[0] if ctx.dockerfile.instructions else None
    for ins in ctx.dockerfile.instructions:
        if ins.keyword == "WORKDIR" and ins.args and not ins.args[0].value.startswith(("/", "$")):
            tok = ins.args[0]
            related = [Related(first.keyword_span, "the stage starts here")] if first is not None else []
            yield ctx.violation(
                tok.span,
                "WORKDIR path is relative",
                related=related,
                fix=Fix.safe("Make the path absolute", [Edit(Span(tok.span.start, tok.span.start), "/")]),
            )


_real_hover = hover_module.hover_at


def _hover_that_fails(result, offset, config):
    line = result.dockerfile.lines.position(offset)[0]
    if "HOVERBOOM" in result.dockerfile.lines.line_text(line):
        raise RuntimeError("this hover fails on purpose")
    return _real_hover(result, offset, config)


hover_module.hover_at = _hover_that_fails

if __name__ == "__main__":
    from stanzalint.lsp.server import run

    sys.exit(run())
