"""
## What it does
Flags a second `HEALTHCHECK` in the same stage. A `HEALTHCHECK` in each of two stages is left
alone: each stage is an image of its own.

## Why is this bad?
A container has one health check. Each `HEALTHCHECK` replaces the previous one, so only the last
in the stage is used; an earlier check (or an earlier `HEALTHCHECK NONE`) silently does nothing.

## Example
```dockerfile
FROM nginx:1.27
HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]
HEALTHCHECK --interval=10s CMD ["curl", "-f", "http://localhost/health"]
```

## Use instead
```dockerfile
FROM nginx:1.27
HEALTHCHECK --interval=10s CMD ["curl", "-f", "http://localhost/health"]
```

## Fix safety
No automatic fix: which check was meant is for you to say.

## Options
None.

## References
- [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.reports import repeated


@rule(
    code="DL3012",
    name="multiple-healthcheck",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    practice="h",
    aliases=("DS-0023",),
    scope="stage",
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    return repeated(
        ctx,
        "HEALTHCHECK",
        "Only the last HEALTHCHECK of a stage takes effect; this one overrides an earlier HEALTHCHECK",
    )
