r"""
## What it does
Reports ONBUILD wrapping ONBUILD, FROM or MAINTAINER: a syntax error `docker build` would stop on.

## Why is this bad?
`ONBUILD` stores an instruction to run when another image builds from this one. Chaining `ONBUILD ONBUILD`, or deferring `FROM` or `MAINTAINER`, is not allowed and the builder rejects it.

## Example
```dockerfile
FROM node:22-slim
ONBUILD FROM node:22-slim
```

## Use instead
```dockerfile
FROM node:22-slim
ONBUILD COPY package.json package-lock.json ./
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


@rule(code="SZ012", name="invalid-onbuild-trigger", severity=Severity.ERROR, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    return parser_issues(ctx)
