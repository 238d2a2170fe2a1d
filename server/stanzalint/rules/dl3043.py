"""
## What it does
Flags `ONBUILD` wrapping `ONBUILD`, `FROM` or `MAINTAINER`.

## Why is this bad?
`ONBUILD` stores an instruction that runs when another Dockerfile builds `FROM` this image.
Deferring another `ONBUILD`, a `FROM` or a `MAINTAINER` is not allowed: the builder rejects the
file, so the image cannot be built at all.

This is the hadolint-compatible code for the syntax error stanzalint reports as SZ012. To avoid
reporting one mistake twice, DL3043 stays silent while SZ012 is enabled (it always is, unless
ignored); select DL3043 alone or ignore SZ012 to see it under this code.

## Example
```dockerfile
FROM node:22-slim
ONBUILD ONBUILD RUN npm ci
```

## Use instead
```dockerfile
FROM node:22-slim
ONBUILD RUN npm ci
```

## Fix safety
No automatic fix: the intended instruction is unknown.

## Options
None.

## References
- [Dockerfile reference: ONBUILD](https://docs.docker.com/reference/dockerfile/#onbuild)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule

_FORBIDDEN = ("ONBUILD", "FROM", "MAINTAINER")


@rule(code="DL3043", name="onbuild-forbidden-trigger", severity=Severity.ERROR, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    if ctx.is_enabled("SZ012"):
        return
    for ins in ctx.dockerfile.instructions:
        if ins.keyword == "ONBUILD" and ins.inner is not None and ins.inner.keyword in _FORBIDDEN:
            yield ctx.violation(
                ins.inner.keyword_span,
                f"{ins.inner.keyword} cannot be an ONBUILD trigger",
                instruction_line=ins.start_line,
            )
