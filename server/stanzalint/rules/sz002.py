r"""
## What it does
Reports an instruction without an argument the builder requires: a syntax error `docker build` would stop on.

## Why is this bad?
`FROM` with no image, `ENV NAME` with no value, `COPY src` with no destination, `ARG` with no name: the builder rejects the whole file before it builds anything. The editor shows it while you type so the build does not fail minutes later in CI.

## Example
```dockerfile
FROM python:3.12-slim
COPY requirements.txt
```

## Use instead
```dockerfile
FROM python:3.12-slim
COPY requirements.txt /app/
```

## Fix safety
No automatic fix: the intended text cannot be known.

## Options
None. Syntax errors are on whatever is selected, unless ignored by code.

## References
- [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.reports import parser_issues


@rule(code="SZ002", name="missing-arguments", severity=Severity.ERROR, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    return parser_issues(ctx)
