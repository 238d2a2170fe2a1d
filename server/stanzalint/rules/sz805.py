"""
## What it does
Flags a stage named `scratch` or `context` (in any case), BuildKit's `ReservedStageName` build
check.

## Why is this bad?
Both words already mean something to BuildKit: `scratch` is the empty base image and `context`
is the build context in `COPY --from=context` and named build contexts. A stage with one of
these names makes `FROM scratch` or `--from=context` ambiguous to the reader, and depending on
the BuildKit version the reserved meaning or the stage wins.

## Example
```dockerfile
FROM alpine:3.20 AS scratch
RUN mkdir /out

FROM scratch
COPY --from=scratch /out /out
```

## Use instead
```dockerfile
FROM alpine:3.20 AS prepare
RUN mkdir /out

FROM scratch
COPY --from=prepare /out /out
```

## Fix safety
No automatic fix: a new name has to be chosen, and references to the stage may mean the
reserved word instead.

## Options
None.

## References
- [Docker build checks: ReservedStageName](https://docs.docker.com/reference/build-checks/reserved-stage-name/)
"""

from __future__ import annotations

from typing import Iterator

from stanzalint.rules._buildkit import stage_name_tokens
from stanzalint.rules.base import FixAvailability, RuleContext, Severity, Violation, rule

_RESERVED = {"scratch", "context"}


@rule(
    code="SZ805",
    name="reserved-stage-name",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    aliases=("ReservedStageName",),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for stage in ctx.analysis.stages:
        tokens = stage_name_tokens(stage.from_instruction)
        if tokens is None:
            continue
        name = tokens[1]
        if name.value.lower() in _RESERVED:
            yield ctx.violation(
                name.span, f"`{name.value}` is a reserved name in BuildKit; give the stage another name"
            )
