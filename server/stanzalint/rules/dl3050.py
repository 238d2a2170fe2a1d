"""
## What it does
Flags a label that the configured `label_schema` does not list, when `strict_labels` is on.

`ONBUILD LABEL` values are checked too (hadolint skips them): they become labels of every image
built on this one.

## Why is this bad?
With a strict schema the set of labels is curated: an extra key is usually a typo of a schema key
(`org.opencontainers.image.sources`) or metadata nobody agreed on, and the typo means the real
key is missing.

## Example
```dockerfile
# label_schema = { "org.opencontainers.image.source" = "url" }, strict_labels = true
FROM alpine:3.20
LABEL org.opencontainers.image.sources="https://github.com/org/repo"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.source="https://github.com/org/repo"
```

## Fix safety
No automatic fix: whether to rename or drop the label is your call.

## Options
`label_schema` and `strict_labels` (top-level settings, hadolint's `label-schema` and
`strict-labels`).

## References
- [hadolint: label schema](https://github.com/hadolint/hadolint#linting-labels)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.labels import labels


@rule(code="DL3050", name="label-superfluous", severity=Severity.INFO, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    schema = ctx.config.label_schema
    if not schema or not ctx.config.strict_labels:
        return
    for ins, key_token, _value, key, _v in labels(ctx):
        if key not in schema:
            yield ctx.violation(
                key_token.span, f"Label `{key}` is not in the label schema", instruction_line=ins.start_line
            )
