"""
## What it does
Flags a `FROM` image from a registry outside the configured `trusted_registries`. Only active
when that list is configured.

## Why is this bad?
Where base images come from is a supply-chain decision: an organisation mirrors and scans images
in its own registry, and a `FROM` that pulls straight from elsewhere bypasses that control (and
its rate limits and availability guarantees). Images without a registry come from `docker.io`.
Stages (`FROM builder`) and `scratch` are not images and are not flagged.

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
from typing import Iterator

from stanzalint.rules.base import FixAvailability, RuleContext, Severity, Violation, rule


@rule(code="DL3026", name="untrusted-registry", severity=Severity.ERROR, fix=FixAvailability.NEVER, practice="a")
def check(ctx: RuleContext) -> Iterator[Violation]:
    trusted = [t.lower() for t in ctx.config.trusted_registries]
    if not trusted:
        return
    if "docker.io" in trusted or "hub.docker.com" in trusted:
        trusted += ["docker.io", "index.docker.io", "registry-1.docker.io"]
    for stage in ctx.analysis.stages:
        image = stage.image
        if image is None or image.is_scratch or image.unresolved:
            continue
        registry = image.registry.lower()
        if not any(fnmatch.fnmatchcase(registry, t) for t in trusted):
            yield ctx.violation(image.span, f"Registry `{image.registry}` is not in trusted_registries", instruction_line=stage.from_instruction.start_line)
