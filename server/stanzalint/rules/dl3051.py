"""
## What it does
Flags a label the configured `label_schema` lists whose value is empty. Only active when
`label_schema` is configured.

`ONBUILD LABEL` values are checked too (hadolint skips them): they become labels of every image
built on this one.

## Why is this bad?
An empty label satisfies a "label present" check while carrying no information, usually because
a build argument that should fill it (`LABEL org.opencontainers.image.revision=$GIT_SHA`) was
not passed or is spelled differently.

## Example
```dockerfile
# label_schema = { "org.opencontainers.image.revision" = "hash" }
FROM alpine:3.20
LABEL org.opencontainers.image.revision=""
```

## Use instead
```dockerfile
FROM alpine:3.20
ARG GIT_SHA=4f2a1c9e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39
LABEL org.opencontainers.image.revision=$GIT_SHA
```

## Fix safety
No automatic fix: the value is not known.

## Options
`label_schema` (top-level setting, hadolint's `label-schema`).

## References
- [hadolint: label schema](https://github.com/hadolint/hadolint#linting-labels)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.labels import labels


@rule(code="DL3051", name="label-empty", severity=Severity.WARNING, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    schema = ctx.config.label_schema
    if not schema:
        return
    for ins, key_token, value_token, key, value in labels(ctx):
        if key in schema and not value.strip() and "$" not in value_token.value:
            span = value_token.span if value_token.span.end > value_token.span.start else key_token.span
            yield ctx.violation(span, f"Label `{key}` is empty", instruction_line=ins.start_line)
