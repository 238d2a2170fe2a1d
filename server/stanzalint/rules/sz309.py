"""
## What it does
In a `.dockerignore` file (or a `<Dockerfile>.dockerignore`), flags a `!` exception that
re-includes nothing: none of the files it matches was kept out by the patterns above it (or a
later pattern keeps them out again). The language server checks the ignore files it has open
against the real build context; it has nothing to say about Dockerfiles.

Left alone: exceptions that bring back at least one file of the context.

## Why is this bad?
The exception was written to send something to the builder, and it does not: the order is
wrong (an exception only overrides the lines above it), the path is misspelt, or an earlier
pattern never excluded it, in which case the line is noise. The result is a `COPY` that fails
with "not found" or an image that lacks the file.

## Example
```dockerfile
# .dockerignore holds `!README.md`, then `*.md`: README.md stays out
FROM nginx:1.27
COPY README.md /usr/share/nginx/html/
```

## Use instead
```dockerfile
# .dockerignore holds `*.md`, then `!README.md`
FROM nginx:1.27
COPY README.md /usr/share/nginx/html/
```

## Fix safety
No automatic fix: reordering changes what every later line means.

## Options
None.

## References
- [Docker docs: .dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule


@rule(
    code="SZ309",
    name="dockerignore-exception-reincludes-nothing",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    practice="c",
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    """Dockerfiles have no ignore patterns: the findings come from ``lsp.ignore_document``."""
    return iter(())
