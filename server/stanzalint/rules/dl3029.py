"""
## What it does
Flags `FROM --platform=` with a value that does not come from `$BUILDPLATFORM` or
`$TARGETPLATFORM`, such as `FROM --platform=linux/amd64 ubuntu:24.04`.

## Why is this bad?
A fixed platform ties the stage to one architecture whatever the build asks for: on an arm64
machine, or in a multi-platform build, the stage silently runs under emulation or ships the wrong
architecture. Deriving it from `$BUILDPLATFORM` (tools that run during the build) or leaving it to
the default target keeps the Dockerfile portable. A stage that really exists for one platform
(a binary only published for amd64) is a fair exception: suppress the finding there.

BuildKit's own `FromPlatformFlagConstDisallowed` check is narrower (it flags only values with no
variable at all), so it is not an alias of this rule: `--platform=linux/$TARGETARCH` is flagged
here, not by BuildKit.

## Example
```dockerfile
FROM --platform=linux/amd64 golang:1.23 AS build
```

## Use instead
```dockerfile
FROM --platform=$BUILDPLATFORM golang:1.23 AS build
```

## Fix safety
No automatic fix: whether the stage should follow the build or the target platform is a design
choice.

## Options
None.

## References
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
- [Docker docs: multi-platform builds](https://docs.docker.com/build/building/multi-platform/)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule


@rule(
    code="DL3029",
    name="from-platform-flag",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    practice="h",
    scope="stage",  # each stage's FROM line alone
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for stage in ctx.analysis.stages:
        flag = stage.from_instruction.flag("platform")
        if flag is None or not flag.value:
            continue
        if "BUILDPLATFORM" in flag.value or "TARGETPLATFORM" in flag.value:
            continue
        yield ctx.violation(
            flag.span,
            f"The stage is pinned to platform `{flag.value}`; derive it from $BUILDPLATFORM or drop it",
            instruction_line=stage.from_instruction.start_line,
        )
