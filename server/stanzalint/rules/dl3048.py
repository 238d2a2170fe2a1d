"""
## What it does
Flags a `LABEL` key that breaks Docker's key format: it must start with a lower-case letter, end
with a lower-case letter or digit, contain only lower-case letters, digits, `.`, `-`, `_` and
`/`, never `..` or `--`, and stay out of the namespaces Docker reserves (`com.docker.`,
`io.docker.`, `org.dockerproject.`). The key is checked after variable expansion, as BuildKit
builds it: `LABEL app$suffix=x` is left alone when `$suffix` expands to a valid key (hadolint
flags the `$`), and judged on its value when an ARG or ENV gives one.

## Why is this bad?
Tools that read labels (registries, scanners, orchestrators, `docker inspect` filters) assume
the convention: keys compared case-sensitively, reverse-DNS prefixes, no spaces. A key such as
`Version` or `my key` is missed by queries for `version`, collides with other tools' keys, or is
rejected outright by some of them. The reserved namespaces belong to Docker itself.

## Example
```dockerfile
FROM alpine:3.20
LABEL Maintainer="ops@example.com" com.docker.app=web
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.authors="ops@example.com" com.example.app=web
```

## Fix safety
No automatic fix: renaming a label breaks whatever queries it by its current name.

## Options
None.

## References
- [Docker docs: object labels, key format](https://docs.docker.com/engine/manage-resources/labels/#key-format-recommendations)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule

_KEY = re.compile(r"^[a-z](?:[a-z0-9._/-]*[a-z0-9])?$")
_RESERVED = ("com.docker.", "io.docker.", "org.dockerproject.")


def valid_label_key(key: str) -> bool:
    return bool(_KEY.match(key)) and ".." not in key and "--" not in key and not key.startswith(_RESERVED)


@rule(
    code="DL3048",
    name="invalid-label-key",
    severity=Severity.STYLE,
    fix=FixAvailability.NEVER,
    practice="h",
    scope="stage",
    reads=("global-args", "base-stages"),
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for ins in ctx.dockerfile.of_keyword("LABEL"):
        for token in ins.args[0::2]:
            key, _known = ctx.analysis.resolve(token.value, ins)
            if not valid_label_key(key):
                yield ctx.violation(
                    token.span,
                    f"Label key `{key}` does not follow the lower-case, reverse-DNS key format",
                    instruction_line=ins.start_line,
                )
