"""
## What it does
Flags `FROM --platform=$TARGETPLATFORM`, BuildKit's `RedundantTargetPlatform` build check.

## Why is this bad?
BuildKit already pulls every base image for the target platform unless told otherwise, so
the flag changes nothing. It does cost readability: `--platform` is how a reader spots the
stages that deliberately run elsewhere (`--platform=$BUILDPLATFORM` for cross-compiling
builders), and a redundant one hides those among noise.

## Example
```dockerfile
FROM --platform=$TARGETPLATFORM alpine:3.20
```

## Use instead
```dockerfile
FROM alpine:3.20
```

## Fix safety
Safe: the flag is removed; the stage is built for the target platform either way.

## Options
None.

## References
- [Docker build checks: RedundantTargetPlatform](https://docs.docker.com/reference/build-checks/redundant-target-platform/)
"""

from __future__ import annotations

import re
from typing import Iterator

from stanzalint.rules.base import Edit, Fix, FixAvailability, RuleContext, Severity, Violation, rule
from stanzalint.syntax.model import Span

_TARGET = re.compile(r"\$(?:TARGETPLATFORM|\{TARGETPLATFORM\})\Z")


@rule(
    code="SZ811",
    name="redundant-target-platform",
    severity=Severity.WARNING,
    fix=FixAvailability.ALWAYS,
    aliases=("RedundantTargetPlatform",),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    text = ctx.text
    global_names = {d.name for d in ctx.analysis.global_args}
    for stage in ctx.analysis.stages:
        ins = stage.from_instruction
        flag = ins.flag("platform")
        if flag is None or not flag.value:
            continue
        value = flag.value
        if len(value) > 1 and value[0] == value[-1] == '"':
            value = value[1:-1]
        if not _TARGET.match(value) or "TARGETPLATFORM" in global_names:
            continue
        end = flag.span.end
        while end < len(text) and text[end] in " \t":
            end += 1
        fix = Fix.safe("Remove the --platform flag", [Edit(Span(flag.span.start, end), "")])
        yield ctx.violation(
            flag.span, f"`--platform={flag.value}` is the default for FROM; remove it", fix=fix
        )
