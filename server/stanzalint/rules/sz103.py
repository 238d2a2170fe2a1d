"""
## What it does
Flags a `FROM` whose tag moves from one release to the next: `python:3`, `node:lts`,
`debian:stable`, `ubuntu:rolling`, `alpine:3`, `python:slim`.

## Why is this bad?
A tag like `python:3` looks pinned but names no single release: it pointed at 3.11 last year,
3.12 this year, and 3.13 next. The same Dockerfile then builds on a new minor version of the
runtime or a new distribution release without any change in your repository, and what broke is
hidden behind a cache until the cache is cold. Name the release cycle you test against
(`python:3.12-slim`, `node:22`, `debian:12`); patch releases within it still arrive.

`latest` and untagged images are left to DL3007 and DL3006, and a digest-pinned reference does
not float, so neither is reported here. Dated snapshots (`ubuntu:noble-20260410`) and the
distribution-release tags of `buildpack-deps` (`buildpack-deps:trixie-scm`) do not float either. Stages and `scratch` are exempt.

## Example
```dockerfile
FROM node:lts-slim
```

## Use instead
```dockerfile
FROM node:22-slim
```

## Fix safety
No automatic fix: the release to pin is yours to choose.

## Options
None.

## References
- [Docker docs: pin base image versions](https://docs.docker.com/build/building/best-practices/#pin-base-image-versions)
"""

from __future__ import annotations

from typing import Iterator

import re

from stanzalint import knowledge
from stanzalint.knowledge.tagparse import parse_tag
from stanzalint.rules.base import FixAvailability, RuleContext, Severity, Violation, rule


#: Images whose tags name distribution releases, like the distribution's own image does.
_DISTRO_TAGGED = frozenset({"buildpack-deps"})


def _fixed_release(image) -> bool:
    """A dated snapshot (``ubuntu:noble-20260410``) or a distribution-release tag of an image
    that is tagged by distribution release (``buildpack-deps:trixie-scm``) does not float."""
    tokens = image.tag.lower().split("-")
    if any(re.fullmatch(r"\d{8}(\.\d+)?", t) for t in tokens):
        return True
    return image.repository in _DISTRO_TAGGED and image.is_official and bool(parse_tag(image.tag).distros)


@rule(
    code="SZ103",
    name="floating-base-tag",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    practice="a",
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for stage in ctx.analysis.stages:
        image = stage.image
        if image is None or image.is_scratch or image.unresolved or image.error:
            continue
        if image.tag is None or image.tag.lower() == "latest" or image.digest is not None:
            continue
        if _fixed_release(image):
            continue
        reason = knowledge.floating_reason(image)
        if reason is None:
            continue
        yield ctx.violation(image.span, f"`{image.familiar}:{image.tag}` is a floating tag: {reason}")
