r"""
## What it does
Reports a HEALTHCHECK whose type is neither CMD nor NONE: a syntax error `docker build` would stop on.

## Why is this bad?
`HEALTHCHECK` takes `CMD <command>` or `NONE`. Anything else (`HEALTHCHECK curl -f http://localhost/`) is rejected by the builder; the command needs the `CMD` keyword.

## Example
```dockerfile
FROM nginx:1.27
HEALTHCHECK curl -f http://localhost/ || exit 1
```

## Use instead
```dockerfile
FROM nginx:1.27
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
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


@rule(code="SZ015", name="invalid-healthcheck", severity=Severity.ERROR, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    return parser_issues(ctx)
