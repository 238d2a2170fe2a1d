"""
## What it does
Flags a build stage that nothing uses: no later `FROM <stage>`, `COPY --from=<stage>` or
`RUN --mount=...,from=<stage>` refers to it (by name or index), and it is not the final target
(the last stage, or `--target`).

Stages meant to be built on their own with `--target` are not flagged: a stage built on a
stage that another stage also builds on (`FROM base AS test` next to `FROM base AS prod`), and
stages named like a target people build directly (`dev`, `test`, `debug`, `lint`, `ci`,
`prod`, `release`, `docs`, `update`, `validate`, variant names such as `debian`, `alpine`, `gpu`...), and `FROM scratch` stages (export stages
for `--output`). Stages after the final target are never flagged: they are other targets.
When a `FROM` or `--from` names its stage through a variable (`FROM build_${TARGETARCH}`),
nothing is flagged: which stages are used depends on the build arguments.

A stage whose name is the tag of an image a later `FROM` or `--from` pulls is not flagged
either: the stage is built with `--target`, pushed under that tag, and consumed by reference
(`FROM node:22-slim AS base-slim` ... `FROM example/app:base-slim AS base`), so a slow base is
built once and reused. The matching name is what shows the stage and the image are the same
thing; a stage with no such reference is still reported.

## Why is this bad?
BuildKit only builds the stages the target needs, so an unused stage costs nothing at build
time; it costs readers. It is usually a leftover: a builder whose output the final stage no
longer copies, or a stage renamed in one place and not in the other, so `COPY --from` now
pulls from an image on Docker Hub instead (check the spelling). The legacy builder, still
used by some CI systems, builds every stage, so there it also costs time.

## Example
```dockerfile
FROM python:3.12-slim AS wheels
RUN pip wheel --wheel-dir /wheels numpy==2.0.1

FROM python:3.12-slim AS deps
RUN pip install --no-cache-dir numpy==2.0.1

FROM python:3.12-slim
COPY --from=deps /usr/local/lib/python3.12 /usr/local/lib/python3.12
```

## Use instead
```dockerfile
FROM python:3.12-slim AS deps
RUN pip install --no-cache-dir numpy==2.0.1

FROM python:3.12-slim
COPY --from=deps /usr/local/lib/python3.12 /usr/local/lib/python3.12
```

## Fix safety
No automatic fix: deleting a stage is easy, knowing it is not built directly with `--target`
(by a CI job, a compose file) is not.

## Options
None.

## References
- [Docker docs: multi-stage builds, stop at a specific build stage](https://docs.docker.com/build/building/multi-stage/#stop-at-a-specific-build-stage)
- [Dockerfile reference: COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stanzalint.analysis.model import Analysis, Stage
from stanzalint.findings import FixAvailability, Severity, Tag, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.stages import from_values

#: names of stages people build directly with ``--target``
TARGET_NAMES = re.compile(
    r"(?:dev|develop|development|devel|test|tests|testing|unittest|debug|lint|linter|ci|check|"
    r"local|prod|production|release|runtime|final|docs|doc|shell|e2e|integration|bench|"
    r"benchmark|coverage|staging|stage|qa|export|artifact|artifacts|package|dist|publish|"
    r"update|validate|generate|gen|vendor|fmt|format|fix|binaries|"
    r"debian|alpine|ubuntu|slim|distroless|cpu|gpu|cuda|rocm)(?:[-_].*)?",
    re.IGNORECASE,
)


@rule(
    code="SZ603",
    name="unused-stage",
    severity=Severity.INFO,
    fix=FixAvailability.NEVER,
    practice="f",
    tags=(Tag.UNNECESSARY,),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    analysis = ctx.analysis
    final = analysis.final_stage
    if final is None or final.index == 0:
        return  # no stage before the final one: none can be unused
    used = _used_stages(analysis)
    if used is None:
        return
    parents = [s.base_stage for s in analysis.stages if s.base_stage is not None]
    published = _tags_pulled(analysis)
    for stage in analysis.stages:
        if stage.index >= final.index or stage.index in used:
            continue
        if stage.name and TARGET_NAMES.fullmatch(stage.name):
            continue
        if stage.image is not None and stage.image.is_scratch:
            continue  # an export stage, built with --target and --output
        if stage.name and any(tag == stage.name.lower() and at > stage.index for at, tag in published):
            continue  # built with --target, pushed under this tag, pulled by a later stage
        base = stage.base_stage
        if base is not None and sum(1 for p in parents if p is base) > 1:
            continue  # a sibling target next to the final stage
        what = f"Stage `{stage.name}`" if stage.name else f"Stage {stage.index}"
        span = stage.name_span if stage.name_span is not None else stage.from_instruction.line_span
        yield ctx.violation(span, f"{what} is not used by any later stage and is not the final target")


def _used_stages(analysis: Analysis) -> set[int] | None:
    """Indexes of stages something refers to; None when a reference cannot be resolved."""
    used: set[int] = set()
    for stage in analysis.stages:
        if stage.from_instruction.args and "$" in stage.from_instruction.args[0].value:
            return None  # ``FROM build_${TARGETARCH}`` picks a stage at build time
        if stage.base_stage is not None:
            used.add(stage.base_stage.index)
    for stage, value in _stage_reads(analysis):
        if "$" in value:
            return None
        target = analysis.stage_named(value)
        if target is not None and target.index < stage.index:
            used.add(target.index)
    return used


def _tags_pulled(analysis: Analysis) -> list[tuple[int, str]]:
    """(stage index, lower-cased tag) of every image (not stage) a FROM or ``--from`` pulls."""
    out: list[tuple[int, str]] = []
    for stage in analysis.stages:
        if stage.base_stage is None and stage.image is not None and stage.image.tag:
            out.append((stage.index, stage.image.tag.lower()))
    for stage, value in _stage_reads(analysis):
        if analysis.stage_named(value) is None and not value.isdigit():
            name = value.split("@", 1)[0]
            if ":" in name.rsplit("/", 1)[-1]:
                out.append((stage.index, name.rsplit(":", 1)[1].lower()))
    return out


def _stage_reads(analysis: Analysis) -> Iterator[tuple[Stage, str]]:
    """(stage, value) for what each COPY, ADD or RUN of a stage's body reads from another stage
    or image (``from_values``): only those instructions are read, through the file's keyword
    index (an ONBUILD's own instruction and one before the first FROM belong to no body)."""
    for keyword in ("COPY", "ADD", "RUN"):
        for ins in analysis.dockerfile.of_keyword(keyword):
            if ins.parent is not None:
                continue
            values = from_values(ins)
            if not values:
                continue
            stage = analysis.stage_of(ins)
            if stage is not None:
                for value in values:
                    yield stage, value
