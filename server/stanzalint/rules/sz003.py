r"""
## What it does
Reports an instruction with more arguments than the builder accepts: a syntax error `docker build` would stop on.

## Why is this bad?
Some instructions take a fixed number of words. `FROM image extra` is not an alias (that needs `AS`), and `HEALTHCHECK NONE` takes nothing after it. The builder refuses such lines rather than guessing what was meant.

## Example
```dockerfile
FROM python:3.12-slim builder
```

## Use instead
```dockerfile
FROM python:3.12-slim AS builder
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


@rule(code="SZ003", name="extra-arguments", severity=Severity.ERROR, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    return parser_issues(ctx)
