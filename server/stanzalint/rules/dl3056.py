"""
## What it does
Flags a `LABEL` whose key the configured `label_schema` types as `semver` and whose value is not
a semantic version. Only active when `label_schema` is configured.

`ONBUILD LABEL` values are checked too (hadolint skips them): they become labels of every image
built on this one.

## Why is this bad?
Version labels are compared by tools that expect semantic versioning (`1.4.2`, `2.0.0-rc.1`); free text such as `latest` or `v1` cannot be ordered. A leading `v` (`v1.4.2`) belongs to a git
tag name, not to the version itself.

## Example
```dockerfile
# label_schema = { "org.opencontainers.image.version" = "semver" }
FROM alpine:3.20
LABEL org.opencontainers.image.version="latest"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.version="1.4.2"
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
from stanzalint.rules.toolkit.labels import is_semver, typed_value_check


@rule(code="DL3056", name="label-not-semver", severity=Severity.WARNING, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    return typed_value_check(ctx, "semver", is_semver, "a semantic version")
