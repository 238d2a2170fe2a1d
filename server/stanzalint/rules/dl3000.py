"""
## What it does
Flags a `WORKDIR` whose path is relative, such as `WORKDIR app`.

## Why is this bad?
A relative `WORKDIR` is joined to whatever the working directory was before it: the base
image's choice, or an earlier `WORKDIR`. When the base image changes its working directory (a
new tag, another distribution) the files land somewhere else and `CMD` runs in the wrong place
without any error. An absolute path says where things go and stays true whatever the base.

A path that starts with a variable (`WORKDIR $HOME/app`) is not flagged: its value is decided
elsewhere. Windows paths (`C:\\app`) count as absolute.

## Example
```dockerfile
FROM python:3.12-slim
WORKDIR /srv
WORKDIR app
```

## Use instead
```dockerfile
FROM python:3.12-slim
WORKDIR /srv
WORKDIR /srv/app
```

## Fix safety
Safe, and offered only when an earlier `WORKDIR` of the stage (or of the stage it is built on)
makes the current directory known: the fix writes the path BuildKit would compute anyway.
Without such a `WORKDIR` the directory depends on the base image and there is no fix.

## Options
None.

## References
- [Dockerfile reference: WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
- [Docker docs: WORKDIR best practices](https://docs.docker.com/build/building/best-practices/#workdir)
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from stanzalint.analysis.model import Stage
from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.paths import is_absolute
from stanzalint.syntax.model import Instruction, Span

# a directory that can be written in front of the argument without quoting or escaping
_PLAIN_PATH = re.compile(r"^/[A-Za-z0-9._/+@:,=-]*$")


@rule(
    code="DL3000",
    name="workdir-not-absolute",
    severity=Severity.ERROR,
    fix=FixAvailability.SOMETIMES,
    practice="h",
    aliases=("DS-0009", "CKV_DOCKER_10"),
    scope="stage",
    reads=("global-args", "base-stages"),
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    before = _directory_before(ctx)
    for ins in ctx.dockerfile.of_keyword("WORKDIR"):
        if not ins.args:
            continue
        token = ins.args[0]
        raw = token.value.strip("\"'")
        if raw.startswith("$"):
            continue
        path, _known = ctx.analysis.resolve(token.value, ins)
        if is_absolute(path) or path.startswith("$"):
            continue
        fix = None
        current = before.get(id(ins))
        if current is not None and _PLAIN_PATH.match(current):
            prefix = current.rstrip("/") + "/"
            at = token.span.start + (1 if token.value[:1] in "\"'" else 0)
            fix = Fix.safe(f"Write the absolute path {posixpath.join(current, path)}", [Edit(Span(at, at), prefix)])
        yield ctx.violation(
            token.span, f"Use an absolute path for WORKDIR, not `{path}`", fix=fix, instruction_line=ins.start_line
        )


def _directory_before(ctx: RuleContext) -> dict[int, str | None]:
    """For each WORKDIR, the working directory just before it when earlier WORKDIRs make it known
    (the stage's own WORKDIRs, after those of the stages it is built on)."""
    analysis = ctx.analysis
    by_stage: dict[int, list[Instruction]] = {}
    for ins in ctx.dockerfile.of_keyword("WORKDIR"):
        stage = analysis.stage_of(ins)
        if stage is not None and ins.parent is None and ins.args:
            by_stage.setdefault(stage.index, []).append(ins)
    known: dict[int, str | None] = {}
    ends: dict[int, str | None] = {}  # stage index -> the directory at its end
    for stage in analysis.stages:
        current = _start(ctx, stage, ends)
        for ins in by_stage.get(stage.index, ()):
            known[id(ins)] = current
            current = _apply(ctx, ins, current)
    return known


def _start(ctx: RuleContext, stage: Stage, ends: dict[int, str | None]) -> str | None:
    """The working directory a stage starts in when the WORKDIRs of the stages it is built on
    make it known: its base's at its end (``ends``, filled for the bases walked, oldest first)."""
    pending: list[Stage] = []
    base = stage.base_stage
    while base is not None and base.index not in ends:
        pending.append(base)
        base = base.base_stage
    for earlier in reversed(pending):
        current = ends[earlier.base_stage.index] if earlier.base_stage is not None else None
        for ins in earlier.own_body:
            if ins.keyword == "WORKDIR" and ins.args:
                current = _apply(ctx, ins, current)
        ends[earlier.index] = current
    return ends[stage.base_stage.index] if stage.base_stage is not None else None


def _apply(ctx: RuleContext, ins: Instruction, current: str | None) -> str | None:
    path, resolved = ctx.analysis.resolve(ins.args[0].value, ins)
    if not resolved:
        return None
    if path.startswith("/"):
        return posixpath.normpath(path)
    if current is None or is_absolute(path):
        return None
    return posixpath.normpath(posixpath.join(current, path))
