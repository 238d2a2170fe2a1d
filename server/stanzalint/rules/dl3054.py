"""
## What it does
Flags a `LABEL` whose key the configured `label_schema` types as `spdx` and whose value is not
an SPDX license expression. Only active when `label_schema` is configured.

`ONBUILD LABEL` values are checked too (hadolint skips them): they become labels of every image
built on this one.

## Why is this bad?
License scanners and registries read the license label to decide whether an image may be used; they understand SPDX identifiers and expressions (`MIT`, `Apache-2.0 OR MIT`), not prose such as `Apache license v2`. The expression's form is checked; the identifiers are not matched against the full SPDX list
(hadolint does match them, and accepts a single identifier only, not `Apache-2.0 OR MIT`).

## Example
```dockerfile
# label_schema = { "org.opencontainers.image.licenses" = "spdx" }
FROM alpine:3.20
LABEL org.opencontainers.image.licenses="Apache license v2"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.licenses="Apache-2.0"
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
from stanzalint.rules.toolkit.labels import is_spdx, typed_value_check


@rule(code="DL3054", name="label-not-spdx", severity=Severity.WARNING, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    return typed_value_check(ctx, "spdx", is_spdx, "an SPDX license expression")
