r"""
## What it does
Reports an exec-form array the builder rejects: a syntax error `docker build` would stop on.

## Why is this bad?
An exec-form (JSON) array must hold strings only. `CMD ["sleep", 10]` is not shell form either, so the builder rejects it; `SHELL` must always be a JSON array.

## Example
```dockerfile
FROM alpine:3.20
CMD ["sleep", 10]
```

## Use instead
```dockerfile
FROM alpine:3.20
CMD ["sleep", "10"]
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


@rule(code="SZ010", name="invalid-json-form", severity=Severity.ERROR, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    return parser_issues(ctx)
