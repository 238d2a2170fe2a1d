"""
## What it does
Flags a `LABEL` whose key the configured `label_schema` types as `email` and whose value is not
an email address. Only active when `label_schema` is configured.

`ONBUILD LABEL` values are checked too (hadolint skips them): they become labels of every image
built on this one.

## Why is this bad?
A maintainer label is how people reach the owner of an image; a value that is not an email address (RFC 5322) cannot be used to do so.

## Example
```dockerfile
# label_schema = { "com.example.maintainer" = "email" }
FROM alpine:3.20
LABEL com.example.maintainer="ops team"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL com.example.maintainer="ops@example.com"
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
from stanzalint.rules.toolkit.labels import is_email, typed_value_check


@rule(code="DL3058", name="label-not-email", severity=Severity.WARNING, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    return typed_value_check(ctx, "email", is_email, "an email address")
