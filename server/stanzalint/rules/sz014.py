r"""
## What it does
Reports a physical line longer than the builder reads: a syntax error `docker build` would stop on.

## Why is this bad?
The builder reads a Dockerfile line by line with a buffer of 64 KiB; a longer line fails the build with a token-too-long error. Split it with line continuations.

## Example
```dockerfile
FROM debian:12-slim
RUN echo <70,000 characters on one line>
```

## Use instead
```dockerfile
FROM debian:12-slim
RUN echo part-one \
    part-two
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


@rule(code="SZ014", name="line-too-long", severity=Severity.ERROR, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    return parser_issues(ctx)
