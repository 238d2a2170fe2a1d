"""
## What it does
Flags a stage name (`FROM ... AS name`) already used by an earlier stage.

## Why is this bad?
`COPY --from=name`, `FROM name` and `--target name` must say which stage they mean. BuildKit
refuses a file where two stages share a name (names compare case-insensitively), and even where
an older builder accepts it, the reader cannot tell which stage a reference picks.

## Example
```dockerfile
FROM node:22-slim AS build
RUN npm ci
FROM golang:1.23 AS build
RUN go build ./...
```

## Use instead
```dockerfile
FROM node:22-slim AS web-build
RUN npm ci
FROM golang:1.23 AS api-build
RUN go build ./...
```

## Fix safety
No automatic fix: renaming a stage means choosing which references follow it.

## Options
None.

## References
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
- [Build checks: DuplicateStageName](https://docs.docker.com/reference/build-checks/duplicate-stage-name/)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Related, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.stage_names import duplicate_stage_names, stage_at


@rule(
    code="DL3024",
    name="duplicate-stage-name",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    practice="h",
    aliases=("DuplicateStageName", "DS-0012", "CKV_DOCKER_11"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for at, first_at in duplicate_stage_names(ctx.analysis):
        stage, first = stage_at(ctx.analysis, at), stage_at(ctx.analysis, first_at)
        if stage.name_span is None:
            continue
        related = [Related(first.name_span, "first defined here")] if first.name_span else []
        yield ctx.violation(
            stage.name_span,
            f"Stage name `{stage.name}` is already used by an earlier stage",
            related=related,
            instruction_line=stage.from_instruction.start_line,
        )
