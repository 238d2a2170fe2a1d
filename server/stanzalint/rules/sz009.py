r"""
## What it does
Reports an instruction other than ARG before the first FROM: a syntax error `docker build` would stop on.

## Why is this bad?
Before the first `FROM` there is no stage yet: only `ARG` may stand there (its value is then usable in FROM lines). Any other instruction has no image to act on and the builder rejects the file.

## Example
```dockerfile
ENV PYTHONUNBUFFERED=1
FROM python:3.12-slim
```

## Use instead
```dockerfile
ARG PYTHON_VERSION=3.12
FROM python:${PYTHON_VERSION}-slim
ENV PYTHONUNBUFFERED=1
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


@rule(code="SZ009", name="instruction-before-from", severity=Severity.ERROR, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    return parser_issues(ctx)
