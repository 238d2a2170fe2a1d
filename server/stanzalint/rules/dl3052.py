"""
## What it does
Flags a `LABEL` whose key the configured `label_schema` types as `url` and whose value is not
a URL. Only active when `label_schema` is configured.

`ONBUILD LABEL` values are checked too (hadolint skips them): they become labels of every image
built on this one.

## Why is this bad?
Tools follow these labels: a registry links the source, a scanner fetches documentation. A value that is not an absolute URL (scheme and host) leads nowhere.

## Example
```dockerfile
# label_schema = { "org.opencontainers.image.source" = "url" }
FROM alpine:3.20
LABEL org.opencontainers.image.source="github.com/org/repo"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.source="https://github.com/org/repo"
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
from stanzalint.rules.toolkit.labels import is_url, typed_value_check


@rule(code="DL3052", name="label-not-url", severity=Severity.WARNING, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    return typed_value_check(ctx, "url", is_url, "a URL")
