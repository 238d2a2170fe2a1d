"""
## What it does
Flags a `COPY --from=` that names no stage defined earlier in the file: an unknown name, a stage
defined further down, or a stage index that is not lower than the current one.

## Why is this bad?
When `--from` names no stage, BuildKit takes it for an image and tries to pull it: a typo in a
stage name turns into a pull of some unrelated image from Docker Hub, or a confusing "not
found" error. A stage defined further down cannot be the source either. Image references with
a tag, digest or registry (`--from=nginx:1.27`) are fine and not flagged.

A `--from` whose value comes from a variable without a known value is not flagged (hadolint
flags it): the stage it names is decided at build time.

## Example
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .
FROM gcr.io/distroless/static-debian12
COPY --from=builder /out/app /app
```

## Use instead
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .
FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
```

## Fix safety
No automatic fix: the intended stage is unknown.

## Options
None.

## References
- [Dockerfile reference: COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
- [Docker docs: multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import FROM_LINE_READS, RuleContext, rule
from stanzalint.rules.toolkit.copies import copies_from
from stanzalint.rules.toolkit.images import is_image_reference


@rule(
    code="DL3022",
    name="copy-from-unknown-stage",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    practice="h",
    scope="stage",
    reads=FROM_LINE_READS,
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for stage, ins, flag in copies_from(ctx):
        value, known = ctx.analysis.resolve(flag.value or "", ins)
        if not known or is_image_reference(value):
            continue
        target = ctx.analysis.stage_named(value)
        if target is not None and stage is not None and target.index <= stage.index:
            continue
        span = flag.value_span or flag.span
        if target is not None:
            message = f"Stage `{value}` is defined after this COPY; --from can only name an earlier stage"
        else:
            message = f"No earlier stage is named `{value}`; BuildKit would pull it as an image"
        yield ctx.violation(span, message, instruction_line=ins.start_line)
