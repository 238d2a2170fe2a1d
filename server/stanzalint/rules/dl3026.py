"""
## What it does
Flags an image pulled from a registry outside the configured `trusted_registries`: a `FROM`
image, a `COPY --from=<image>` and a `RUN --mount=from=<image>`. Only active when that list is
configured.

## Why is this bad?
Where base images come from is a supply-chain decision: an organisation mirrors and scans images
in its own registry, and a `FROM` that pulls straight from elsewhere bypasses that control (and
its rate limits and availability guarantees). Images without a registry come from `docker.io`.
Stages (`FROM builder`, `COPY --from=builder`, `--from=0`) and `scratch` are not images and are
not flagged.

## Example
```dockerfile
# trusted_registries = ["registry.example.com"]
FROM python:3.12-slim
```

## Use instead
```dockerfile
FROM registry.example.com/python:3.12-slim
```

## Fix safety
No automatic fix: whether the mirror carries the same image is not known offline.

## Options
`trusted_registries` (top-level setting, hadolint's `trustedRegistries`): registry host names;
`*` wildcards match (`*.example.com`). `docker.io` stands for Docker Hub.

## References
- [hadolint: configure trusted registries](https://github.com/hadolint/hadolint#configure)
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from stanzalint.analysis.imageref import parse_image_ref
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.images import is_image_reference
from stanzalint.rules.toolkit.mounts import mount_from_spans
from stanzalint.syntax.model import Instruction, Span


@rule(code="DL3026", name="untrusted-registry", severity=Severity.ERROR, fix=FixAvailability.NEVER, practice="a")
def check(ctx: RuleContext) -> Iterator[Violation]:
    trusted = [t.lower() for t in ctx.config.trusted_registries]
    if not trusted:
        return
    if "docker.io" in trusted or "hub.docker.com" in trusted:
        trusted += ["docker.io", "index.docker.io", "registry-1.docker.io"]
    images: list[tuple[str, Span, Instruction]] = []
    for stage in ctx.analysis.stages:
        image = stage.image
        if image is not None and not image.is_scratch and not image.unresolved:
            images.append((image.registry, image.span, stage.from_instruction))
    for ins in ctx.dockerfile.walk():
        for value, span in _pulled_sources(ctx, ins):
            images.append((parse_image_ref(value, span).registry, span, ins))
    for registry, span, ins in images:
        if not any(fnmatch.fnmatchcase(registry.lower(), t) for t in trusted):
            yield ctx.violation(
                span,
                f"Registry `{registry}` is not in trusted_registries",
                instruction_line=(ins.parent or ins).start_line,
            )


def _pulled_sources(ctx: RuleContext, ins: Instruction) -> Iterator[tuple[str, Span]]:
    """Images a COPY --from or RUN --mount=from= pulls: values naming no stage of this file (in an
    ONBUILD trigger only values that look like image references, the stages being the child's)."""
    sources: list[tuple[str, Span]] = []
    if ins.keyword == "COPY":
        flag = ins.flag("from")
        if flag is not None and flag.value:
            sources.append((flag.value, flag.value_span or flag.span))
    elif ins.keyword == "RUN":
        sources.extend(mount_from_spans(ins, ctx.text))
    for raw, span in sources:
        value, known = ctx.analysis.resolve(raw, ins)
        if not known or not value or value.isdigit() or value.lower() == "scratch":
            continue
        if ins.parent is not None:
            if is_image_reference(value):
                yield value, span
        elif ctx.analysis.stage_named(value) is None:
            yield value, span
