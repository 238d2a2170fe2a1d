r"""
## What it does
Reports a malformed `FROM ... AS name`: a syntax error `docker build` would stop on.

## Why is this bad?
A stage name comes after `AS` and must start with a letter and hold only letters, digits, `-`, `_` and `.`. A misspelt `AS`, a missing name or a name like `1st` makes the builder reject the FROM line.

## Example
```dockerfile
FROM golang:1.23 AS 1build
```

## Use instead
```dockerfile
FROM golang:1.23 AS build
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


@rule(code="SZ013", name="invalid-stage-name", severity=Severity.ERROR, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    return parser_issues(ctx)
