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

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.copies import copy_operands
from stanzalint.rules.toolkit.paths import is_absolute
from stanzalint.rules.toolkit.stages import bodies


@rule(
    code="DL3045",
    name="copy-relative-dest-without-workdir",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    practice="h",
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    workdir_at_end: dict[int, bool] = {}
    for stage, instructions in bodies(ctx.analysis):
        base = stage.base_stage if stage is not None else None
        has_workdir = workdir_at_end.get(id(base), False) if base is not None else False
        for ins in instructions:
            if ins.keyword == "WORKDIR":
                has_workdir = True
            elif ins.keyword == "COPY" and not has_workdir:
                _sources, dest = copy_operands(ins)
                if dest is None:
                    continue
                value, _known = ctx.analysis.resolve(dest.value, ins)
                if value and not is_absolute(value) and not value.startswith("$"):
                    yield ctx.violation(
                        dest.span,
                        f"`{value}` is relative and no WORKDIR is set in this stage",
                        instruction_line=ins.start_line,
                    )
        workdir_at_end[id(stage)] = has_workdir
