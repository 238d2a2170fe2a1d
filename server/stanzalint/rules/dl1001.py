"""
## What it does
Flags inline suppression comments (`# hadolint ignore=DL3008`, `# stanzalint: ignore=...`) that
silence findings for the next instruction. Off by default.

## Why is this bad?
Each inline pragma is a decision made in one place and forgotten: the finding never shows again,
even after the instruction changes so that the reason no longer holds. Teams that want every
exception recorded in one reviewed place (the configuration file) turn this rule on. File-wide
`global` pragmas are not flagged.

## Example
```dockerfile
FROM debian:12-slim
# hadolint ignore=DL3008
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Use instead
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
```

## Fix safety
No automatic fix: removing the pragma brings the finding back; the finding itself needs a fix or
an entry in the configuration.

## Options
None.

## References
- [hadolint: inline ignores](https://github.com/hadolint/hadolint#inline-ignores)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule


@rule(
    code="DL1001",
    name="inline-ignore-pragma",
    severity=Severity.INFO,
    fix=FixAvailability.NEVER,
    practice="h",
    enabled=False,
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for pragma in ctx.dockerfile.pragmas:
        if pragma.scope != "global" and pragma.tool in ("hadolint", "stanzalint"):
            yield ctx.violation(pragma.span, "Inline ignore pragma; record the exception in the configuration instead")
