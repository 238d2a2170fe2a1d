"""
## What it does
Flags a variable that BuildKit itself expands (in `ADD`, `COPY`, `ENV`, `LABEL`, `USER`,
`WORKDIR`, `VOLUME`, `STOPSIGNAL`, a stage `ARG` default, or a `RUN --mount=` option) when
nothing defines it at that point: no `ARG` or `ENV` earlier in the stage or in the stages it is
built `FROM` (BuildKit carries a parent stage's `ARG` values into the child), and not the base
image's environment. BuildKit's `UndefinedVar` build check.

Variables inside `RUN`, `CMD` and `ENTRYPOINT` scripts are not checked: the shell expands them
when the container runs, with variables this file cannot see. The automatic platform arguments
(`$TARGETARCH`, ...) count as defined only after `ARG TARGETARCH` in the stage, exactly as in
BuildKit. `${NAME:-default}` is flagged too: BuildKit reports it, since a default usually hides
a missing `ARG` or a misspelled name. An empty default, `${CUDA_VERSION:-}` or
`${CUDA_VERSION-}`, is not flagged (BuildKit flags it): writing out an empty default says that
an unset name is expected, as when a base image may or may not set it. `PATH` is always defined. For a base image whose
environment is not known offline (anything but common official images), names it might set are
not flagged. A name close to a defined one gets a "did you mean" suggestion, except in generated
files with more than 1,000 declarations in scope, where looking for one would cost more than
the lint.

## Why is this bad?
An undefined variable expands to an empty string without any error, so
`COPY app-${VERSON}.jar /app/` copies `app-.jar`, and `ENV PATH=$NODE_HOME/bin:$PATH` puts
`/bin` first. A global `ARG` is a common cause: it is only visible inside a stage after
`ARG NAME` is repeated there.

## Example
```dockerfile
ARG VERSION=1.4.2
FROM alpine:3.20
COPY app-${VERSION}.tar.gz /tmp/
```

## Use instead
```dockerfile
ARG VERSION=1.4.2
FROM alpine:3.20
ARG VERSION
COPY app-${VERSION}.tar.gz /tmp/
```

## Fix safety
No automatic fix: the variable may be misspelled, need an `ARG`, or come from somewhere else.

## Options
None.

## References
- [Docker build checks: UndefinedVar](https://docs.docker.com/reference/build-checks/undefined-var/)
- [Dockerfile reference: environment replacement](https://docs.docker.com/reference/dockerfile/#environment-replacement)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from stanzalint.analysis.model import Stage, VarRef
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.spelling import suggestion
from stanzalint.rules.toolkit.variables import NON_ENV_ARGS, declared_in_same_arg, image_env

_EXPANDED = frozenset({"ADD", "COPY", "ENV", "LABEL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR", "ARG", "RUN"})
_UNKNOWN: frozenset[str] = frozenset({"*"})
#: "did you mean" looks through every name in scope: past this many declarations (generated
#: files) it is left out, so that a file full of undefined references still lints in linear time
MOST_NAMES_TO_SUGGEST_FROM = 1000


def _base_env(stage: Stage) -> frozenset[str]:
    """Names the stage's base image sets; ``_UNKNOWN`` when they cannot be known."""
    root = stage.chain[-1]
    if root.image is None:
        return _UNKNOWN
    if root.image.is_scratch:
        return frozenset()
    if root.image.unresolved:
        return _UNKNOWN
    env = image_env(root.image.path)
    return _UNKNOWN if env is None else env


def _inherited_args(stage: Stage) -> set[str]:
    """ARG names declared in the stages this one is built ``FROM``: BuildKit carries their
    values into the child stage's environment."""
    names: set[str] = set()
    for base in stage.chain[1:]:
        for ins in base.body:
            if ins.keyword == "ARG":
                names.update(t.value.partition("=")[0] for t in ins.args)
    return names


def _in_copy_from(ref: VarRef) -> bool:
    flag = ref.instruction.flag("from") if ref.instruction.keyword == "COPY" else None
    return flag is not None and flag.span.start <= ref.span.start < flag.span.end


def _empty_on_purpose(ref: VarRef) -> bool:
    """``${NAME:-}`` / ``${NAME-}``: the empty default says an unset name is expected."""
    return ref.operator in (":-", "-") and not ref.word


@rule(
    code="SZ808",
    name="undefined-var",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    aliases=("UndefinedVar",),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    analysis = ctx.analysis
    seen: set[tuple[int, str]] = set()
    inherited: dict[int, set[str]] = {}
    declared = Counter(d.stage for d in analysis.decls)
    for ref in analysis.refs:
        ins = ref.instruction
        if ref.in_shell or ref.decls or ins.keyword not in _EXPANDED:
            continue
        if ref.name == "PATH" or ref.name in NON_ENV_ARGS or _in_copy_from(ref) or _empty_on_purpose(ref):
            continue
        stage: Stage | None = analysis.stage_of(ins)
        if stage is None or ins.parent is not None:
            continue
        if ins.keyword == "ARG" and declared_in_same_arg(ins, ref.name, ref.span.start):
            continue
        base = _base_env(stage)
        if stage.index not in inherited:
            inherited[stage.index] = _inherited_args(stage)
        if base is _UNKNOWN or ref.name in base or ref.name in inherited[stage.index]:
            continue
        key = (id(ins), ref.name)
        if key in seen:
            continue
        seen.add(key)
        message = f"`${ref.name}` is not defined here: no ARG or ENV before this instruction sets it"
        in_scope = declared[None] + sum(declared[s.index] for s in stage.chain)
        near = None
        if in_scope <= MOST_NAMES_TO_SUGGEST_FROM:
            near = suggestion(ref.name, list(analysis.visible_vars(ins)) + list(base))
        if near:
            message += f" (did you mean `${near}`?)"
        yield ctx.violation(ref.span, message)
