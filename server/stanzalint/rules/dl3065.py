"""
## What it does
Flags `FROM --platform=$TARGETPLATFORM`.

## Why is this bad?
A stage is built for the target platform unless told otherwise, so the flag repeats the
default. It is noise at best; at worst readers take it for a meaningful choice and copy it
where `$BUILDPLATFORM` was needed (cross-compiling stages that should run natively).

## Example
```dockerfile
FROM --platform=$TARGETPLATFORM alpine:3.20
```

## Use instead
```dockerfile
FROM alpine:3.20
```

## Fix safety
Safe: removing the flag leaves the stage built for the same platform.

## Options
None.

## References
- [Build checks: RedundantTargetPlatform](https://docs.docker.com/reference/build-checks/redundant-target-platform/)
- [Dockerfile reference: automatic platform ARGs](https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.syntax.model import Span


@rule(
    code="DL3065",
    name="redundant-target-platform",
    severity=Severity.WARNING,
    fix=FixAvailability.ALWAYS,
    practice="h",
    aliases=("RedundantTargetPlatform",),
    scope="stage",  # each stage's FROM line alone
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for stage in ctx.analysis.stages:
        ins = stage.from_instruction
        flag = ins.flag("platform")
        if flag is None or flag.value not in ("$TARGETPLATFORM", "${TARGETPLATFORM}"):
            continue
        end = flag.span.end
        while end < len(ctx.text) and ctx.text[end] in " \t":
            end += 1
        fix = Fix.safe("Remove the redundant --platform flag", [Edit(Span(flag.span.start, end), "")])
        yield ctx.violation(
            flag.span, "--platform=$TARGETPLATFORM is the default; remove it", fix=fix, instruction_line=ins.start_line
        )
