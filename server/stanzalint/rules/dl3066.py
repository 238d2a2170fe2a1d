"""
## What it does
Flags a `USER` given by name rather than by numeric id, such as `USER app` or `USER app:1000`.

## Why is this bad?
A name is looked up in the image's `/etc/passwd` when the container starts, but the host and
orchestrator only see numbers: Kubernetes' `runAsNonRoot` cannot verify a name and refuses to
start the pod, volume ownership on the host is decided by uid, and a base image update that
renumbers the user changes who owns the files. A numeric uid (optionally `uid:gid`) is what
every layer agrees on.

A user given through a variable that some `ARG` of the file declares (`USER ${uid}` with
`ARG uid=1000`) is left alone, as hadolint does: the builder chooses the value and may pass a
number. `ONBUILD USER name` is flagged too (hadolint skips it): it sets the user of every image built
`FROM` this one. A variable only set by `ENV`, or not declared at all, is flagged: its value is not known
to be numeric.

## Example
```dockerfile
FROM node:22-slim
USER node
```

## Use instead
```dockerfile
FROM node:22-slim
USER 1000
```

## Fix safety
No automatic fix: the uid behind a name is only known inside the image.

## Options
None.

## References
- [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
- [Kubernetes: runAsNonRoot](https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.syntax.model import Instruction


@rule(
    code="DL3066",
    name="user-not-numeric",
    severity=Severity.INFO,
    fix=FixAvailability.NEVER,
    practice="e",
    scope="stage",
    reads=("global-args", "base-stages", "variable-names"),
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    build_args: set[str] | None = None  # read at the first USER that names a variable
    for ins in ctx.dockerfile.of_keyword("USER"):
        if not ins.args:
            continue
        token = ins.args[0]
        user = token.value.split(":", 1)[0]
        if user.isdigit():
            continue
        if "$" in ctx.source(ins.span):  # a variable may set it at build time
            if build_args is None:
                build_args = {d.name for d in ctx.analysis.declared if d.kind == "ARG"}
            if build_args & _referenced(ctx, ins, token.value):
                continue
        yield ctx.violation(
            token.span,
            f"User `{user}` is a name; use a numeric uid the host can resolve",
            instruction_line=ins.start_line,
        )


_REFERENCE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


def _referenced(ctx: RuleContext, ins: Instruction, value: str) -> set[str]:
    """Variable names the USER value uses (also before the first FROM, where the analysis
    keeps no references)."""
    names = {ref.name for ref in ctx.analysis.refs_in(ins)}
    names.update(_REFERENCE.findall(value))
    return names
