"""
## What it does
Flags a `COPY --from=` that names the stage it stands in.

## Why is this bad?
A stage cannot copy from itself: its filesystem is what the `COPY` is building. BuildKit
rejects the reference as a circular dependency, or, when the name also exists as an image,
pulls that image instead. Usually the name of another stage was meant.

## Example
```dockerfile
FROM node:22-slim AS web
COPY --from=web /app/dist /usr/share/nginx/html
```

## Use instead
```dockerfile
FROM node:22-slim AS build
RUN npm ci && npm run build
FROM nginx:1.27 AS web
COPY --from=build /app/dist /usr/share/nginx/html
```

## Fix safety
No automatic fix: the intended stage is unknown.

## Options
None.

## References
- [Dockerfile reference: COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import FROM_LINE_READS, RuleContext, rule
from stanzalint.rules.toolkit.copies import copies_from


@rule(
    code="DL3023",
    name="copy-from-own-stage",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    practice="h",
    aliases=("DS-0006",),
    scope="stage",
    reads=FROM_LINE_READS,
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for stage, ins, flag in copies_from(ctx):
        value, known = ctx.analysis.resolve(flag.value or "", ins)
        if known and stage is not None and ctx.analysis.stage_named(value) is stage:
            yield ctx.violation(
                flag.value_span or flag.span,
                f"COPY --from names its own stage `{value}`",
                instruction_line=ins.start_line,
            )
