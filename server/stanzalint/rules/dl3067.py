"""
## What it does
Flags `COPY --from=<stage> / /`: copying another stage's whole filesystem over this one.

## Why is this bad?
Copying `/` brings everything: package manager databases, caches, compilers, build secrets
left in files, `/etc/passwd`, `/proc` placeholders. It overwrites this stage's system files with
another's and throws away what multi-stage builds are for, which is shipping only the
artifacts. Copy the directories the program needs, or build `FROM` that stage instead.

## Example
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .
FROM gcr.io/distroless/static-debian12
COPY --from=build / /
```

## Use instead
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .
FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
```

## Fix safety
No automatic fix: which files the image needs is for you to say.

## Options
None.

## References
- [Docker docs: multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import FROM_LINE_READS, RuleContext, rule
from stanzalint.rules.toolkit.copies import copies_from, copy_operands


@rule(
    code="DL3067",
    name="copy-entire-filesystem",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    practice="c",
    scope="stage",
    reads=FROM_LINE_READS,
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for _stage, ins, flag in copies_from(ctx):
        sources, dest = copy_operands(ins)
        if dest is None:
            continue
        values = [ctx.analysis.resolve(t.value, ins)[0] for t in sources]
        if "/" in values and ctx.analysis.resolve(dest.value, ins)[0] == "/":
            root = sources[values.index("/")]
            yield ctx.violation(
                root.span,
                f"Copies the whole filesystem of `{flag.value}`; copy only the files the image needs",
                instruction_line=ins.start_line,
            )
