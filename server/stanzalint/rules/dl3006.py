"""
## What it does
Flags a `FROM` whose image has neither a tag nor a digest, such as `FROM ubuntu`.

## Why is this bad?
An image named without a tag means `:latest`, which points at whatever the publisher pushed
last. The same Dockerfile then builds a different image next month: a new major version of the
distribution, a different Python, a package that moved. Builds stop being reproducible and a
cached layer hides the change until the cache is cold. Naming the version states what you
tested against.

Stages are exempt (`FROM builder` names an earlier stage, not an image), and so is `scratch`.
An image that comes entirely from an ARG with no default cannot be checked and is not flagged.

## Example
```dockerfile
FROM ubuntu
```

## Use instead
```dockerfile
FROM ubuntu:24.04
```

## Fix safety
No automatic fix: only you know which version the image was meant to be.

## Options
None.

## References
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
- [Docker docs: pin base image versions](https://docs.docker.com/build/building/best-practices/#pin-base-image-versions)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import FROM_LINE_READS, RuleContext, rule
from stanzalint.rules.toolkit.images import pulled_images


@rule(
    code="DL3006",
    name="untagged-base-image",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    practice="a",
    aliases=("DS-0001",),
    scope="stage",  # each stage's FROM line, its image read with the global ARGs and the stage names
    reads=FROM_LINE_READS,
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for _, image in pulled_images(ctx.analysis):
        if image.tag is None and image.digest is None:
            yield ctx.violation(image.span, f"Tag the image `{image.familiar}` with the version you build against")
