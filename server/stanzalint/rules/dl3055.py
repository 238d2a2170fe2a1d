"""
## What it does
Flags a `LABEL` whose key the configured `label_schema` types as `hash` and whose value is not
a git commit hash. Only active when `label_schema` is configured.

`ONBUILD LABEL` values are checked too (hadolint skips them): they become labels of every image
built on this one.

## Why is this bad?
A revision label lets anyone find the exact source of an image; it is only useful as a full or abbreviated commit hash (lower-case hex), not a branch name that moves.

## Example
```dockerfile
# label_schema = { "org.opencontainers.image.revision" = "hash" }
FROM alpine:3.20
LABEL org.opencontainers.image.revision="main"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.revision="4f2a1c9e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39"
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
from stanzalint.rules.toolkit.labels import is_git_hash, typed_value_check


@rule(code="DL3055", name="label-not-git-hash", severity=Severity.WARNING, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    return typed_value_check(ctx, "hash", is_git_hash, "a git commit hash")
