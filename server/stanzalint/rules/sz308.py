"""
## What it does
In a `.dockerignore` file (or a `<Dockerfile>.dockerignore`), flags a pattern that matches
nothing in the build context: no file, and no directory holding one. The language server checks
the ignore files it has open against the real context (the folder the ignore file belongs to);
it has nothing to say about Dockerfiles.

Left alone: `!` exceptions (SZ309 is about them), comments and blank lines.

## Why is this bad?
A pattern that matches nothing is usually a typo or a path that moved (`buid/`, `/src/node_modules`
after the project moved to `web/`): what it was meant to keep out is sent to the builder and
may be copied into the image. Patterns anchored at the root are a common slip: `*.log` only
matches at the top level; `**/*.log` matches everywhere.

## Example
```dockerfile
# .dockerignore holds `node_modules`; the context has web/node_modules/
FROM node:22-slim
WORKDIR /app
COPY web/ ./
```

## Use instead
```dockerfile
# .dockerignore holds `**/node_modules`
FROM node:22-slim
WORKDIR /app
COPY web/ ./
```

## Fix safety
No automatic fix: what was meant cannot be known. A pattern kept for files that do not exist
yet (`*.log` before the first log) is fine to keep: ignore the finding.

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
    code="SZ308",
    name="dockerignore-pattern-matches-nothing",
    severity=Severity.INFO,
    fix=FixAvailability.NEVER,
    practice="c",
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    """Dockerfiles have no ignore patterns: the findings come from ``lsp.ignore_document``."""
    return iter(())
