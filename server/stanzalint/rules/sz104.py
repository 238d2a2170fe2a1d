"""
## What it does
Flags a `FROM` that does not pin its image by digest (`@sha256:...`). Off by default; the
`strict` profile turns it on.

## Why is this bad?
Even an exact tag such as `python:3.12.4-slim-bookworm` is a name the publisher can point at new
contents: official images are rebuilt for security fixes under the same tags. A digest names
the bytes. With a digest the build is reproducible and a compromised or mistaken push cannot
change what you build on; you update it deliberately (Dependabot and Renovate both update
digests next to the tag). The cost is that patches no longer arrive by themselves, which is why
this rule is opt-in.

Stages, `scratch` and images from an ARG without a default are exempt.

## Example
```dockerfile
FROM python:3.12-slim
```

## Use instead
```dockerfile
FROM python:3.12-slim@sha256:<digest>
```

## Fix safety
No automatic fix: the digest must be looked up in the registry, and this tool works offline.

## Options
None. Enable with `extend-select = ["SZ104"]` or `strict = true`.

## References
- [Docker docs: pin base image versions](https://docs.docker.com/build/building/best-practices/#pin-base-image-versions)
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.images import pulled_images


@rule(
    code="SZ104",
    name="base-image-without-digest",
    severity=Severity.INFO,
    fix=FixAvailability.NEVER,
    practice="a",
    enabled=False,
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for _, image in pulled_images(ctx.analysis):
        if image.digest is None:
            yield ctx.violation(
                image.span,
                f"`{image.familiar_tagged}` is not pinned by digest; append `@sha256:...` to build on exactly these bytes",
            )
