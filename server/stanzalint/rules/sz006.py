r"""
## What it does
Reports a flag the instruction does not have: a syntax error `docker build` would stop on.

## Why is this bad?
Each instruction accepts its own flags: `--chown` belongs to COPY and ADD, not RUN; `--platform` to FROM, not COPY. The builder stops with "unknown flag" rather than ignoring it, so a flag copied onto the wrong instruction fails the build.

## Example
```dockerfile
FROM python:3.12-slim
RUN --chown=app:app pip install flask
```

## Use instead
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir flask
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


@rule(code="SZ006", name="unknown-flag", severity=Severity.ERROR, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    return parser_issues(ctx)
