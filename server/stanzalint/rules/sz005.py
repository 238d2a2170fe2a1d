r"""
## What it does
Reports a known flag with a value the builder rejects: a syntax error `docker build` would stop on.

## Why is this bad?
Flags are parsed before the instruction runs: `--from` without `=value`, `--link=maybe`, the same flag given twice, or a `--mount` with an unknown type or key all stop the build with an error about the flag.

## Example
```dockerfile
FROM python:3.12-slim
RUN --mount=type=cach,target=/root/.cache/pip pip install -r requirements.txt
```

## Use instead
```dockerfile
FROM python:3.12-slim
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
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


@rule(code="SZ005", name="malformed-flag", severity=Severity.ERROR, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    return parser_issues(ctx)
