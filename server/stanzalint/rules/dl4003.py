"""
## What it does
Flags a second `CMD` in the same stage.

## Why is this bad?
An image has one default command. Each `CMD` replaces the previous one, so only the last in the
stage survives; the earlier ones are dead text that readers take for real behaviour. Usually it is
a leftover from editing, or an attempt to start two processes, which needs a supervisor or a
script instead.

## Example
```dockerfile
FROM python:3.12-slim
CMD ["python", "migrate.py"]
CMD ["python", "app.py"]
```

## Use instead
```dockerfile
FROM python:3.12-slim
CMD ["python", "app.py"]
```

## Fix safety
No automatic fix: which command was meant is for you to say.

## Options
None.

## References
- [Dockerfile reference: CMD](https://docs.docker.com/reference/dockerfile/#cmd)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.reports import repeated


@rule(
    code="DL4003",
    name="multiple-cmd",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    practice="h",
    aliases=("DS-0016",),
    scope="stage",
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    return repeated(ctx, "CMD", "Only the last CMD of a stage takes effect; this one overrides an earlier CMD")
