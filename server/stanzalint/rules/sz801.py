"""
## What it does
Flags a stage name with upper-case letters, such as `FROM golang:1.23 AS Builder`
(BuildKit's `StageNameCasing` build check).

## Why is this bad?
BuildKit lower-cases stage names before it uses them, so `Builder`, `builder` and `BUILDER`
are one stage. Writing the name in mixed case suggests a distinction that does not exist and
makes `--target`, `COPY --from=` and `FROM <stage>` look inconsistent when they use another
spelling. Lower-case names read the same everywhere they appear.

## Example
```dockerfile
FROM golang:1.23 AS Builder
RUN go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static-debian12
COPY --from=Builder /out/app /app
```

## Use instead
```dockerfile
FROM golang:1.23 AS builder
RUN go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static-debian12
COPY --from=builder /out/app /app
```

## Fix safety
Safe: the name and every reference to it (`FROM <name>`, `COPY --from=<name>`,
`RUN --mount=from=<name>`) are lower-cased; BuildKit matches stage names regardless of case, so
`--target` and the build result stay the same.

## Options
None.

## References
- [Docker build checks: StageNameCasing](https://docs.docker.com/reference/build-checks/stage-name-casing/)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.stage_names import stage_at, stage_names_in_upper_case
from stanzalint.rules.toolkit.stages import stage_name_tokens, stage_references


@rule(
    code="SZ801",
    name="stage-name-casing",
    severity=Severity.WARNING,
    fix=FixAvailability.ALWAYS,
    aliases=("StageNameCasing",),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for at, _written in stage_names_in_upper_case(ctx.analysis):  # not every stage
        stage = stage_at(ctx.analysis, at)
        if stage.name is None or stage.name == stage.name.lower():
            continue  # the name as the analysis read it from the FROM line
        tokens = stage_name_tokens(stage.from_instruction)
        if tokens is None:
            continue
        name = tokens[1]
        if name.value == name.value.lower():
            continue
        spans = [name.span] + stage_references(ctx.analysis, stage, ctx.text)
        edits = [Edit(span, ctx.source(span).lower()) for span in spans if ctx.source(span) != ctx.source(span).lower()]
        fix = Fix.safe(f"Rename stage `{name.value}` to `{name.value.lower()}`", edits)
        yield ctx.violation(name.span, f"Write the stage name `{name.value}` in lower case", fix=fix)
