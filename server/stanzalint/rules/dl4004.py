"""
## What it does
Flags a second `ENTRYPOINT` in the same stage.

## Why is this bad?
An image has one entrypoint. Each `ENTRYPOINT` replaces the previous one, so only the last in
the stage is used; the others mislead whoever reads the file. Wanting two entrypoints usually
means a wrapper script is needed.

## Example
```dockerfile
FROM node:22-slim
ENTRYPOINT ["node"]
ENTRYPOINT ["npm", "start"]
```

## Use instead
```dockerfile
FROM node:22-slim
ENTRYPOINT ["npm", "start"]
```

## Fix safety
No automatic fix: which entrypoint was meant is for you to say.

## Options
None.

## References
- [Dockerfile reference: ENTRYPOINT](https://docs.docker.com/reference/dockerfile/#entrypoint)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.reports import repeated


@rule(
    code="DL4004",
    name="multiple-entrypoint",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    practice="h",
    aliases=("DS-0007",),
    scope="stage",
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    return repeated(
        ctx, "ENTRYPOINT", "Only the last ENTRYPOINT of a stage takes effect; this one overrides an earlier ENTRYPOINT"
    )
