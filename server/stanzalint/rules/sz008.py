r"""
## What it does
Reports a Dockerfile with no FROM: a syntax error `docker build` would stop on.

## Why is this bad?
Every build starts from a base: `FROM` opens the first stage. A file without one has nothing to build on and the builder rejects it. This usually means a fragment meant to be included elsewhere, or a file that lost its first lines.

## Example
```dockerfile
RUN apt-get update
CMD ["bash"]
```

## Use instead
```dockerfile
FROM debian:12-slim
RUN apt-get update
CMD ["bash"]
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


@rule(code="SZ008", name="no-from", severity=Severity.ERROR, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    return parser_issues(ctx)
