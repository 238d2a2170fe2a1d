"""
## What it does
Flags a variable in a `FROM` line (the image or `--platform`) that no `ARG` before the first
`FROM` declares and that is not one of BuildKit's automatic platform arguments
(`TARGETPLATFORM`, `BUILDPLATFORM`, `TARGETARCH`, ...). BuildKit's `UndefinedArgInFrom` build
check.

## Why is this bad?
`FROM` lines only see the global `ARG`s, the ones declared before the first `FROM`. An ARG
declared inside a stage, or not at all, expands to an empty string there, so
`FROM python:${PYTHON_VERSION}-slim` silently becomes `python:-slim` (an error) or, worse,
`FROM ${BASE}` picks a different image than intended when someone passes `--build-arg` under
another name. Often it is a typo of a declared name.

## Example
```dockerfile
ARG PYTHON_VERSION=3.12
FROM python:${PYTON_VERSION}-slim
```

## Use instead
```dockerfile
ARG PYTHON_VERSION=3.12
FROM python:${PYTHON_VERSION}-slim
```

## Fix safety
No automatic fix: the variable may be a typo or a missing `ARG`; only you know which.

## Options
None.

## References
- [Docker build checks: UndefinedArgInFrom](https://docs.docker.com/reference/build-checks/undefined-arg-in-from/)
- [Dockerfile reference: how ARG and FROM interact](https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.scope import PLATFORM_ARGS
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.spelling import suggestion
from stanzalint.rules.toolkit.variables import ReportedNames, unset_message


@rule(
    code="SZ806",
    name="undefined-arg-in-from",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    aliases=("UndefinedArgInFrom",),
    scope="stage",
    reads=("global-args", "base-stages"),
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    known = [d.name for d in ctx.analysis.global_args] + list(PLATFORM_ARGS)
    reported = ReportedNames()
    froms = [ins for ins in ctx.dockerfile.of_keyword("FROM") if "$" in ctx.source(ins.span)]
    for ref in (ref for ins in froms for ref in ctx.analysis.refs_in(ins)):
        if ref.decls or ref.name in known or not reported.first(ref):
            continue
        near = suggestion(ref.name, known)
        why = "not declared by an ARG before the first FROM, so it is empty here"
        yield ctx.violation(ref.span, unset_message(ref, why, near))
