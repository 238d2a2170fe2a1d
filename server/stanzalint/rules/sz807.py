"""
## What it does
Flags the first `WORKDIR` of a stage when its path is relative and no earlier `WORKDIR` of the
stage (or of the stage it is built `FROM`) set an absolute one. BuildKit's
`WorkdirRelativePath` build check.

## Why is this bad?
A relative `WORKDIR` is resolved against the working directory the base image happens to set.
Today that may be `/`, tomorrow's release of the image may set `/app` or `/home/node`, and the
files of every following `COPY` and `RUN` land somewhere else. An absolute path states where the
build works, whatever the base image does.

Only the first `WORKDIR` is flagged, as BuildKit does: once an absolute one is set in the
Dockerfile, later relative ones are resolved against it and are predictable. hadolint's DL3000
flags every relative `WORKDIR`; the two rules overlap on the first one.

## Example
```dockerfile
FROM node:22-slim
WORKDIR app
COPY . .
```

## Use instead
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY . .
```

## Fix safety
No automatic fix: the absolute path depends on the base image's working directory, which is
not known offline.

## Options
None.

## References
- [Docker build checks: WorkdirRelativePath](https://docs.docker.com/reference/build-checks/workdir-relative-path/)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import Stage
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.paths import is_absolute
from stanzalint.rules.toolkit.stages import InChain, stage_body


@rule(
    code="SZ807",
    name="workdir-relative-path",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    aliases=("WorkdirRelativePath",),
    scope="stage",
    reads=("global-args", "base-stages"),
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    sets_workdir = InChain(_sets_workdir)  # a stage or one it is built on sets a WORKDIR of its own
    for stage in ctx.analysis.stages:
        workdir_set = stage.base_stage is not None and sets_workdir.of(stage.base_stage)
        for ins in stage_body(stage):
            if ins.keyword != "WORKDIR" or not ins.args:
                continue
            if not workdir_set:
                raw = ins.rest.text.strip()
                value, known = ctx.analysis.resolve(raw, ins)
                if known and value and not is_absolute(value):
                    token = ins.args[0]
                    yield ctx.violation(
                        token.span,
                        f"Relative WORKDIR `{value}` depends on the base image's working directory; use an absolute path",
                    )
            workdir_set = True


def _sets_workdir(stage: Stage) -> bool:
    """The stage sets a WORKDIR of its own."""
    return any(ins.keyword == "WORKDIR" and ins.args for ins in stage_body(stage))
