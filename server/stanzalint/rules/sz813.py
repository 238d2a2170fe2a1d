"""
## What it does
Flags a `FROM` whose image, built from global `ARG`s, is empty or not a valid image reference
when the build passes no `--build-arg`: `ARG TAG` without a default followed by
`FROM alpine:${TAG}` gives `alpine:`. BuildKit's `InvalidDefaultArgInFrom` build check.

A value that names an earlier stage (`FROM build-${VARIANT}` giving `build-GPU`) is not flagged:
BuildKit's check parses it as an image reference and reports upper-case stage names, although
the build resolves them to the stage; stanzalint knows it is a stage.

## Why is this bad?
The Dockerfile only builds when every caller remembers the right `--build-arg`; a plain
`docker build .`, an IDE, a CI job or a dependency bot that does not know about it fails with a
confusing reference error. A sensible default keeps the file buildable and documents which
image is expected, while `--build-arg` can still override it.

## Example
```dockerfile
ARG NODE_VERSION
FROM node:${NODE_VERSION}-slim
```

## Use instead
```dockerfile
ARG NODE_VERSION=22
FROM node:${NODE_VERSION}-slim
```

## Fix safety
No automatic fix: only you know which default is right.

## Options
None.

## References
- [Docker build checks: InvalidDefaultArgInFrom](https://docs.docker.com/reference/build-checks/invalid-default-arg-in-from/)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.imageref import split_reference
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import FROM_LINE_READS, RuleContext, rule
from stanzalint.rules.toolkit.variables import expand_with, global_arg_values


@rule(
    code="SZ813",
    name="invalid-default-arg-in-from",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    aliases=("InvalidDefaultArgInFrom",),
    scope="stage",
    reads=FROM_LINE_READS,
    reads_commands=(),  # the stage's FROM line only: no RUN's commands
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    esc = ctx.dockerfile.escape or "\\"
    env = None
    for stage in ctx.analysis.stages:
        ins = stage.from_instruction
        if not ins.args or "$" not in ins.args[0].value:
            continue
        if env is None:
            env = global_arg_values(ctx.analysis, ctx.text, esc)
        word = ins.args[0]
        result = expand_with(word.value, esc, env)
        if ctx.analysis.stage_named(result) is not None:
            continue
        if result == "":
            problem = "is empty"
        else:
            error = split_reference(result)[-1]
            if error is None:
                continue
            problem = f"gives `{result}`, not a valid image reference ({error})"
        yield ctx.violation(
            word.span,
            f"Without --build-arg, `{word.value}` {problem}; give the ARG a default value",
        )
