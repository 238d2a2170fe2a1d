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
not flagged. A name close to a defined one (spelt the same in another case, or alike as
`difflib` measures it, beginning or ending with the same three letters) gets a "did you mean"
suggestion, except in generated files with more than 1,000 declarations in scope.

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
from collections.abc import Callable, Iterator
from functools import cached_property

from stanzalint.analysis.model import Analysis, Stage, VarRef
from stanzalint.analysis.scope import PREDEFINED_ARGS
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.spelling import Suggester
from stanzalint.rules.toolkit.variables import (
    NON_ENV_ARGS,
    ReportedNames,
    declared_in_same_arg,
    image_env,
    unset_message,
)
from stanzalint.syntax.model import Instruction

_EXPANDED = frozenset({"ADD", "COPY", "ENV", "LABEL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR", "ARG", "RUN"})
_UNKNOWN: frozenset[str] = frozenset({"*"})
#: past this many declarations in scope (generated files) "did you mean" is left out
MOST_NAMES_TO_SUGGEST_FROM = 1000


def _image_env(root: Stage) -> frozenset[str]:
    """Names the image at the bottom of a chain of stages sets; ``_UNKNOWN`` when they cannot be
    known."""
    if root.image is None:
        return _UNKNOWN
    if root.image.is_scratch:
        return frozenset()
    if root.image.unresolved:
        return _UNKNOWN
    env = image_env(root.image.path)
    return _UNKNOWN if env is None else env


class _Chains:
    """What each stage's chain of stages (the stage, the one it is built ``FROM``, and so on)
    gives it, worked out once per stage from its base's, and only when asked: the image at the
    bottom, the number of declarations in scope, the ARG names the stages below it declare."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.roots: dict[int, Stage] = {}
        for stage in analysis.stages:  # a stage's base comes before it
            base = stage.base_stage
            if base is not None and base.index in self.roots:
                self.roots[stage.index] = self.roots[base.index]
            else:
                self.roots[stage.index] = stage.chain[-1]

    @cached_property
    def _declared(self) -> tuple[int, dict[int, int]]:
        """The global declarations, and by stage the declarations of its chain's stages."""
        declared = Counter(d.stage for d in self.analysis.declared)
        chains: dict[int, int] = {}
        for stage in self.analysis.stages:
            base = stage.base_stage
            if base is not None and base.index in chains:
                chains[stage.index] = declared[stage.index] + chains[base.index]
            else:
                chains[stage.index] = sum(declared[s.index] for s in stage.chain)
        return declared[None], chains

    def base_env(self, stage: Stage) -> frozenset[str]:
        root = self.roots.get(stage.index)
        return _image_env(root if root is not None else stage.chain[-1])

    def names_in_scope(self, stage: Stage) -> int:
        globals_, chains = self._declared
        return globals_ + chains[stage.index]

    def inherits_arg(self, stage: Stage, name: str) -> bool:
        """A stage the stage is built ``FROM`` (directly or not) declares ARG ``name``: BuildKit
        carries its value into the child stage's environment."""
        declaring = self._arg_stages.get(name, ())
        base = stage.base_stage
        while declaring and base is not None:
            if base.index in declaring:
                return True
            base = base.base_stage
        return False

    @cached_property
    def _arg_stages(self) -> dict[str, set[int]]:
        """ARG name -> the stages whose body declares it (every stage of the file)."""
        analysis = self.analysis
        found: dict[str, set[int]] = {}
        for ins in analysis.whole.dockerfile.of_keyword("ARG"):
            stage = analysis.stage_of(ins)
            if stage is not None and ins.parent is None:
                for t in ins.args:
                    found.setdefault(t.value.partition("=")[0], set()).add(stage.index)
        return found


def _in_copy_from(ref: VarRef) -> bool:
    flag = ref.instruction.flag("from") if ref.instruction.keyword == "COPY" else None
    return flag is not None and flag.span.start <= ref.span.start < flag.span.end


def _empty_on_purpose(ref: VarRef) -> bool:
    """``${NAME:-}`` / ``${NAME-}``: the empty default says an unset name is expected."""
    return ref.operator in (":-", "-") and not ref.word


def _defined_at(analysis: Analysis, ins: Instruction, base_env: frozenset[str]) -> Callable[[str], bool]:
    """Whether a name is defined at ``ins``: declared before it, or set by the base image."""
    return lambda name: name in base_env or analysis.declaration(name, ins) is not None


def _suggester(analysis: Analysis, chains: _Chains) -> Suggester:
    """Every name a suggestion may offer: those the file declares, the predefined ARGs, and those
    the base images set."""
    names = [d.name for d in analysis.declared] + sorted(PREDEFINED_ARGS)
    for stage in analysis.whole.stages:  # every stage's, also when the rule is shown some stages
        env = chains.base_env(stage)
        if env is not _UNKNOWN:
            names += sorted(env)
    return Suggester(names)


def _references(ctx: RuleContext) -> Iterator[VarRef]:
    """The references in the instructions BuildKit expands, of the instructions the rule is shown
    (top-level ones: a stage's own)."""
    for ins in ctx.dockerfile.instructions:
        if ins.keyword in _EXPANDED:
            yield from ctx.analysis.refs_in(ins)


@rule(
    code="SZ808",
    name="undefined-var",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    aliases=("UndefinedVar",),
    scope="stage",
    reads=("global-args", "base-stages", "variable-names"),
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    analysis = ctx.analysis
    reported = ReportedNames()
    chains = _Chains(analysis)
    suggester: Suggester | None = None
    for ref in _references(ctx):
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
        base = chains.base_env(stage)
        if base is _UNKNOWN or ref.name in base or chains.inherits_arg(stage, ref.name):
            continue
        if not reported.first(ref):
            continue
        near = None
        if chains.names_in_scope(stage) <= MOST_NAMES_TO_SUGGEST_FROM:
            suggester = suggester or _suggester(analysis, chains)
            near = suggester.suggestion(ref.name, _defined_at(analysis, ins, base))
        why = "not defined here: no ARG or ENV before this instruction sets it"
        yield ctx.violation(ref.span, unset_message(ref, why, near))
