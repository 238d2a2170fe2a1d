"""
## What it does
Flags a `COPY` of several sources whose destination does not end with `/`.

## Why is this bad?
Several files can only go into a directory, and BuildKit insists that the destination then be
written as one (`/app/`). Without the slash the build stops with an error; the trailing slash
also tells readers that the sources keep their names inside that directory.

## Example
```dockerfile
FROM node:22-slim
COPY package.json package-lock.json /app
```

## Use instead
```dockerfile
FROM node:22-slim
COPY package.json package-lock.json /app/
```

## Fix safety
Safe: with several sources the destination can only be a directory, so adding the slash keeps the
meaning and makes the build work.

## Options
None.

## References
- [Dockerfile reference: COPY](https://docs.docker.com/reference/dockerfile/#copy)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.copies import copy_operands
from stanzalint.syntax.model import Span


@rule(
    code="DL3021",
    name="copy-multiple-sources-dest-not-dir",
    severity=Severity.ERROR,
    fix=FixAvailability.ALWAYS,
    practice="h",
    aliases=("DS-0011",),
    scope="stage",
    reads=("global-args", "base-stages"),
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for ins in ctx.dockerfile.of_keyword("COPY"):
        sources, dest = copy_operands(ins)
        if dest is None or len(sources) < 2:
            continue
        value, _known = ctx.analysis.resolve(dest.value, ins)
        if value.endswith("/"):
            continue
        text = ctx.source(dest.span)
        at = dest.span.end - 1 if text[-1:] in "\"'" and len(text) > 1 else dest.span.end
        fix = Fix.safe("End the destination with /", [Edit(Span(at, at), "/")])
        yield ctx.violation(
            dest.span,
            f"With several sources the destination must be a directory ending with /: `{value}/`",
            fix=fix,
            instruction_line=ins.start_line,
        )
