"""
## What it does
Flags a `LABEL` whose key the configured `label_schema` types as `rfc3339` and whose value is not
an RFC 3339 date-time. Only active when `label_schema` is configured.

`ONBUILD LABEL` values are checked too (hadolint skips them): they become labels of every image
built on this one.

## Why is this bad?
Build dates are compared and sorted by tools; only a full RFC 3339 timestamp with a time zone is unambiguous, where `03/04/2024` reads differently in different countries. The date and time must be real
(`2024-13-01` is not) and joined by `T`, which is what RFC 3339 parsers in other tools accept.

## Example
```dockerfile
# label_schema = { "org.opencontainers.image.created" = "rfc3339" }
FROM alpine:3.20
LABEL org.opencontainers.image.created="2024-03-04"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.created="2024-03-04T10:00:00Z"
```

## Fix safety
No automatic fix: the right value is not known.

## Options
`label_schema` (top-level setting, hadolint's `label-schema`): label key to type.

## References
- [hadolint: label schema](https://github.com/hadolint/hadolint#linting-labels)
- [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.labels import is_rfc3339, typed_value_check


@rule(code="DL3053", name="label-not-rfc3339", severity=Severity.WARNING, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    return typed_value_check(ctx, "rfc3339", is_rfc3339, "an RFC 3339 date-time")
