"""
## What it does
Flags a `FROM` that names the `latest` tag, such as `FROM node:latest`.

## Why is this bad?
`latest` is just the tag a publisher moves with each release. Writing it out looks like a pin
but is not one: the next build can start from a new major version, and a build that passed
yesterday fails today, or silently ships something different. Pin a release you tested.

## Example
```dockerfile
FROM node:latest
```

## Use instead
```dockerfile
FROM node:22.11-bookworm-slim
```

## Fix safety
No automatic fix: the release to pin is yours to choose.

## Options
None.

## References
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import FROM_LINE_READS, RuleContext, rule


@rule(
    code="DL3007",
    name="latest-base-tag",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    practice="a",
    aliases=("DS-0001", "CKV_DOCKER_7"),
    scope="stage",  # each stage's FROM line, its image read with the global ARGs and the stage names
    reads=FROM_LINE_READS,
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for stage in ctx.analysis.stages:
        image = stage.image
        if image is None or image.unresolved or image.error:
            continue
        if image.tag == "latest" and image.digest is None:
            yield ctx.violation(
                image.span,
                f"`{image.familiar}:latest` moves with every release; pin the version you build against",
            )
