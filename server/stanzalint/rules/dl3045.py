"""
## What it does
Flags a `COPY` to a relative destination (`COPY app.py .`) in a stage where no `WORKDIR` has
been set yet, neither in the stage nor in the stage it is built on (`FROM <stage>`).

## Why is this bad?
A relative destination is resolved against the working directory, which without a `WORKDIR`
is whatever the base image chose: `/` for most images, something else for others, and it may
change with the next tag. The files end up in a place nobody decided. Setting `WORKDIR` first
makes the destination explicit.

## Example
```dockerfile
FROM node:22-slim
COPY package.json .
```

## Use instead
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY package.json .
```

## Fix safety
No automatic fix: the directory the files should go to is a choice.

## Options
None.

## References
- [Dockerfile reference: COPY](https://docs.docker.com/reference/dockerfile/#copy)
- [Dockerfile reference: WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import Stage
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.copies import copy_operands
from stanzalint.rules.toolkit.paths import is_absolute
from stanzalint.rules.toolkit.stages import InChain


@rule(
    code="DL3045",
    name="copy-relative-dest-without-workdir",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    practice="h",
    scope="stage",
    reads=("global-args", "base-stages"),
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    analysis = ctx.analysis
    has_stages = bool(analysis.whole.stages)  # the rule may be looking at some stages only
    first_workdir = _first_workdirs(
        ctx, has_stages
    )  # stage index (-1: a file without FROM) -> its first WORKDIR's start
    has_workdir = InChain(_sets_workdir)  # a stage or one it is built on has a WORKDIR of its own
    for ins in ctx.dockerfile.of_keyword("COPY"):
        if ins.parent is not None:
            continue
        stage = analysis.stage_of(ins)
        if stage is None and has_stages:
            continue  # before the first FROM
        index = stage.index if stage is not None else -1
        if first_workdir.get(index, ins.span.end) < ins.span.start:
            continue
        if stage is not None and stage.base_stage is not None and has_workdir.of(stage.base_stage):
            continue
        _sources, dest = copy_operands(ins)
        if dest is None:
            continue
        value, _known = analysis.resolve(dest.value, ins)
        if value and not is_absolute(value) and not value.startswith("$"):
            yield ctx.violation(
                dest.span,
                f"`{value}` is relative and no WORKDIR is set in this stage",
                instruction_line=ins.start_line,
            )


def _first_workdirs(ctx: RuleContext, has_stages: bool) -> dict[int, int]:
    """Where each stage's first own WORKDIR starts, by stage index (-1: a file without FROM,
    ``has_stages`` being False)."""
    analysis = ctx.analysis
    found: dict[int, int] = {}
    for ins in ctx.dockerfile.of_keyword("WORKDIR"):
        if ins.parent is not None:
            continue
        stage = analysis.stage_of(ins)
        if stage is None and has_stages:
            continue
        found.setdefault(stage.index if stage is not None else -1, ins.span.start)
    return found


def _sets_workdir(stage: Stage) -> bool:
    """The stage has a WORKDIR of its own."""
    return any(ins.keyword == "WORKDIR" for ins in stage.own_body)
