"""
## What it does
Flags `FROM --platform=` with a constant platform (`linux/amd64`) when the stage name does not
mention that operating system or architecture. BuildKit's `FromPlatformFlagConstDisallowed`
build check. Values built from variables (`$BUILDPLATFORM`, `linux/$TARGETARCH`) are not
flagged, and neither is `FROM --platform=linux/amd64 alpine AS build-amd64`, whose name shows
the choice is deliberate.

One difference from BuildKit, which reports it: `--platform=linux/arm64` is left alone when the
image or the stage name says it is an NVIDIA Jetson image (`l4t`, `jetson`, `jetpack`, as in
`nvcr.io/nvidia/l4t-jetpack`). Those images exist only for arm64, so the constant states the
only platform the stage can be built for.

## Why is this bad?
A fixed platform pins the stage to one architecture whatever the build targets: on an arm64
machine or in a multi-platform build the stage silently runs under emulation, or its
binaries end up in an image for another architecture. `$BUILDPLATFORM` (tools that run during
the build) or the default target platform keep the Dockerfile portable.

hadolint's DL3029 is broader (it also flags values with variables other than
`$BUILDPLATFORM`/`$TARGETPLATFORM`); the two may report the same line.

## Example
```dockerfile
FROM --platform=linux/amd64 golang:1.23 AS build
```

## Use instead
```dockerfile
FROM --platform=$BUILDPLATFORM golang:1.23 AS build
```

## Fix safety
No automatic fix: whether the stage should follow the build or the target platform, or really
needs this one, depends on what it does.

## Options
None.

## References
- [Docker build checks: FromPlatformFlagConstDisallowed](https://docs.docker.com/reference/build-checks/from-platform-flag-const-disallowed/)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import FROM_LINE_READS, RuleContext, rule
from stanzalint.rules.toolkit.images import parse_platform

#: Words naming NVIDIA Jetson (L4T) images, which are published for arm64 only.
_JETSON_WORDS = ("l4t", "jetson", "jetpack")


def _arm64_only(stage, platform) -> bool:
    """A ``linux/arm64`` stage whose image or stage name says it is a Jetson (L4T) image: no
    other platform exists to build it for."""
    if platform != ("linux", "arm64"):
        return False
    image = stage.root_image
    named = f"{image.raw if image is not None else ''} {stage.name or ''}".lower()
    return any(word in named for word in _JETSON_WORDS)


@rule(
    code="SZ814",
    name="from-platform-flag-const-disallowed",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    aliases=("FromPlatformFlagConstDisallowed",),
    scope="stage",  # each stage's FROM line, its name, and the image at the bottom of its chain
    reads=FROM_LINE_READS,
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for stage in ctx.analysis.stages:
        flag = stage.from_instruction.flag("platform")
        if flag is None or not flag.value or "$" in flag.value or flag.value_span is None:
            continue
        value = flag.value
        if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        parsed = parse_platform(value)
        if parsed is None:
            continue
        name = (stage.name or "").lower()
        if parsed[0] in name or parsed[1] in name or _arm64_only(stage, parsed):
            continue
        yield ctx.violation(
            flag.value_span,
            f"`--platform={value}` pins this stage to one platform; use a variable such as $BUILDPLATFORM",
        )
