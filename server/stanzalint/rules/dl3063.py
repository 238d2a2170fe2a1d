"""
## What it does
Flags a stage named `scratch` or `context`, words BuildKit reserves.

## Why is this bad?
`scratch` already means the empty image and `context` the build context, so `FROM scratch`
or `COPY --from=context` after such a stage name are ambiguous: the reader cannot tell which
one is meant, and BuildKit warns about it. Pick a name that says what the stage builds.

## Example
```dockerfile
FROM alpine:3.20 AS scratch
RUN apk add --no-cache ca-certificates
```

## Use instead
```dockerfile
FROM alpine:3.20 AS certs
RUN apk add --no-cache ca-certificates
```

## Fix safety
No automatic fix: renaming a stage means choosing which references follow it.

## Options
None.

## References
- [Build checks: ReservedStageName](https://docs.docker.com/reference/build-checks/reserved-stage-name/)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule

_RESERVED = ("scratch", "context")


@rule(
    code="DL3063",
    name="reserved-stage-name",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    practice="h",
    aliases=("ReservedStageName",),
    scope="stage",  # each stage's FROM line alone
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for stage in ctx.analysis.stages:
        if stage.name and stage.name_span is not None and stage.name.lower() in _RESERVED:
            yield ctx.violation(
                stage.name_span,
                f"`{stage.name}` is a reserved word; give the stage another name",
                instruction_line=stage.from_instruction.start_line,
            )
