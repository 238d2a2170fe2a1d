"""
## What it does
Flags a `$X` (or `${X}`) used inside a stage when `ARG X` is only declared before the first
`FROM`. BuildKit expands it to an empty string, and so does the shell of a `RUN` (the variable
is not in its environment). Predefined build arguments and names the stage sets with `ENV`
or `ARG` are not flagged; neither are names a `RUN` script assigns itself.

## Why is this bad?
An `ARG` before the first `FROM` belongs to the `FROM` lines only. Each stage starts with no
build arguments at all, so `RUN curl -O https://.../v${VERSION}/tool.tgz` downloads
`.../v/tool.tgz` and fails, or worse, `ENV APP_VERSION=$VERSION` silently stores nothing. The
Dockerfile reads as if the value were set, and the build gives no warning. Declaring `ARG X`
(without a default) inside the stage brings the global value in.

A base image that happens to set an environment variable of the same name (the `python`
images set `PYTHON_VERSION`) makes the shell see that value instead, which is a different
value (`3.12.4`, not `3.12`) and still a mistake: the rule flags it too.

## Example
```dockerfile
ARG PYTHON_VERSION=3.12
FROM python:${PYTHON_VERSION}-slim
RUN echo "building for Python ${PYTHON_VERSION}" > /build-info
```

## Use instead
```dockerfile
ARG PYTHON_VERSION=3.12
FROM python:${PYTHON_VERSION}-slim
ARG PYTHON_VERSION
RUN echo "building for Python ${PYTHON_VERSION}" > /build-info
```

## Fix safety
Safe: inserts `ARG X` (no default, so it takes the global value) on the line after the stage's
`FROM`, once per variable and stage. The variable then has the value the Dockerfile's author
evidently meant. Unsafe when the base image sets `X` itself (`PYTHON_VERSION` on `python`,
`GOPATH` on `golang`): the stage's RUNs then read the global value where they read the image's.
No fix for a name every environment sets (`PATH`, `HOME`...): the ARG would replace it for
every RUN.

## Options
None.

## References
- [Dockerfile reference: understand how ARG and FROM interact](https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact)
- [Dockerfile reference: ARG scope](https://docs.docker.com/reference/dockerfile/#scope)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import Stage
from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.edits import newline_of
from stanzalint.rules.toolkit.variables import image_env
from stanzalint.syntax.model import Span

_RUNTIME = ("CMD", "ENTRYPOINT", "HEALTHCHECK")


@rule(
    code="SZ701",
    name="global-arg-not-redeclared",
    severity=Severity.WARNING,
    fix=FixAvailability.ALWAYS,
    practice="g",
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    analysis = ctx.analysis
    global_names: set[str] = {d.name for d in analysis.global_args}
    if not global_names:
        return
    nl = newline_of(ctx.text)
    for ref in analysis.refs:
        ins = ref.instruction
        if ref.name not in global_names or ref.decls or ref.shell_assigned:
            continue
        if ins.keyword == "FROM" or ins.keyword in _RUNTIME or ins.parent is not None:
            continue
        stage = analysis.stage_of(ins)
        if stage is None:
            continue
        yield ctx.violation(
            ref.span,
            f"`{ref.name}` is a global ARG (declared before the first FROM) and is empty in this "
            f"stage: add `ARG {ref.name}` after the FROM",
            fix=_declare(stage, ref.name, nl),
        )


#: names every container's environment or shell sets: an ARG of that name would replace them for
#: every RUN of the stage (``ARG PATH=/x`` leaves the RUNs without their programs)
_ALWAYS_SET = frozenset({"PATH", "HOME", "HOSTNAME", "PWD", "OLDPWD", "SHLVL", "TERM", "USER", "IFS", "UID"})


def _declare(stage: Stage, name: str, nl: str) -> Fix | None:
    """``ARG name`` after the stage's FROM: it brings the global value in, and also replaces, in
    the stage's RUNs, a variable of that name the base image sets (unsafe then: the RUNs read
    ``3.12`` where they read the image's ``3.12.4``); none for a name every environment sets."""
    if name in _ALWAYS_SET:
        return None
    at = stage.from_instruction.span.end
    edits = [Edit(Span(at, at), f"{nl}ARG {name}")]
    root = stage.chain[-1].image
    env = image_env(root.path) if root is not None and not root.unresolved and not root.is_scratch else None
    if env is not None and name in env:
        return Fix.unsafe(f"Declare ARG {name} in this stage (its value replaces the base image's {name})", edits)
    return Fix.safe(f"Declare ARG {name} in this stage", edits)
