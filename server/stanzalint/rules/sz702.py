"""
## What it does
Flags an `ARG` that nothing reads. A stage `ARG` is read by a `$X` / `${X}` in a later
instruction of its stage (a `RUN` script included, heredoc bodies too), or of a stage built
`FROM` it that redeclares `ARG X` without a default (that stage takes the value from its base);
a global `ARG` (before the first `FROM`) by a `FROM` line, another global `ARG`'s default, or a
stage that redeclares it. In a file without `FROM` (a fragment a script pastes into a stage) the
`ARG`s are read by what follows them, as in a stage.

Some arguments work without being referenced, and are not flagged: BuildKit's own
(`BUILDKIT_INLINE_CACHE`, `BUILDKIT_SYNTAX`, `SOURCE_DATE_EPOCH`...), the proxy arguments, and
stage arguments that the tools a `RUN` starts read from their environment
(`DEBIAN_FRONTEND`, `PIP_*`, `UV_*`, `NPM_CONFIG_*`, `GOFLAGS`, `CGO_ENABLED`, `CFLAGS`,
`MAKEFLAGS`, `TORCH_CUDA_ARCH_LIST`, `MAX_JOBS`...). A stage argument followed by a `RUN` that
runs a script of the build context (`./build.sh`, `bash scripts/x.sh`) or the project's own
build code (`make`, `cargo build` with its `build.rs`, `go`, `npm`, `mvn`, `pip install .`...)
is not flagged either: those may read it from the environment. The project's code also counts
when it is a program this build produced (copied `--from` a stage that runs `go build`,
`cargo build`, `make`...) or a script under a bind mount of the build context
(`RUN --mount=type=bind,source=scripts,target=/tmp/s /tmp/s/install`).

`ARG DEBIAN_FRONTEND noninteractive` declares two arguments, not one with a value: the message
for the second asks whether `DEBIAN_FRONTEND=noninteractive` was meant. Nor is one followed by a `RUN`
that writes out its whole environment (`env`, `printenv`, `export -p`, `set`).

## Why is this bad?
An unused `ARG` misleads: `--build-arg VERSION=2.0` is accepted and changes nothing in the
image, so whoever builds it believes they pinned something. It is often the remains of a
refactoring, where the value is now hard-coded somewhere else.

It is not free either: every `ARG` declared in a stage becomes part of the cache key of the
`RUN` instructions after it, so changing its value (a build number, a date) rebuilds those
layers even though nothing reads it.

## Example
```dockerfile
FROM python:3.12-slim
ARG NUMPY_VERSION=2.0.1
RUN pip install --no-cache-dir numpy==2.0.1
```

## Use instead
```dockerfile
FROM python:3.12-slim
ARG NUMPY_VERSION=2.0.1
RUN pip install --no-cache-dir numpy==${NUMPY_VERSION}
```

## Fix safety
No automatic fix: whether to delete the argument or to use it is the author's call.

## Options
None.

## References
- [Dockerfile reference: ARG](https://docs.docker.com/reference/dockerfile/#arg)
- [Dockerfile reference: impact on build caching](https://docs.docker.com/reference/dockerfile/#impact-on-build-caching)
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import NamedTuple

from stanzalint.analysis.model import Analysis, ShellCommand, Stage, VarDecl
from stanzalint.analysis.scope import BUILDKIT_ARGS, PROXY_ARGS
from stanzalint.analysis.variables import heredoc_readings
from stanzalint.analysis.varscan import RawRef, scan_heredoc, scan_shell, scan_windows_shell
from stanzalint.findings import FixAvailability, Severity, Tag, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.commands import positionals
from stanzalint.rules.toolkit.mounts import mount_targets
from stanzalint.rules.toolkit.run_summaries import run_summary
from stanzalint.rules.toolkit.stages import InChain, stage_body, stage_groups
from stanzalint.rules.toolkit.variables import used_global_args
from stanzalint.syntax.model import Instruction, Span

#: environment variables the usual build tools read by themselves
TOOL_ENV = re.compile(
    r"DEBIAN_FRONTEND|DEBCONF_\w+|APT_\w+|PIP_\w+|UV_\w+|POETRY_\w+|PIPENV_\w+|PYTHON\w*|"
    r"CONDA_\w+|MAMBA_\w+|MAMBA\w*|NPM_CONFIG_\w+|npm_config_\w+|YARN_\w+|NODE_\w+|GO[A-Z0-9]+|"
    r"CGO_\w+|CARGO_\w+|RUSTFLAGS|RUSTUP_\w+|MAVEN_\w+|MAVEN_OPTS|GRADLE_\w+|JAVA_\w+|"
    r"MAKEFLAGS|CFLAGS|CXXFLAGS|CPPFLAGS|LDFLAGS|CC|CXX|FC|PKG_CONFIG_PATH|TZ|LANG|LC_\w+|"
    r"BUNDLE_\w+|GEM_\w+|R_\w+|CUDA_\w+|TORCH_\w+|MAX_JOBS|NVCC_\w+|HF_\w+|SETUPTOOLS_\w+|"
    r"CMAKE_\w+|TARGET(?:PLATFORM|OS|ARCH|VARIANT)|BUILD(?:PLATFORM|OS|ARCH|VARIANT)|"
    r"GITHUB_\w+|CI|HOME|PATH|USER|SHELL|TERM",
)
_SCRIPT = re.compile(r"^(?:\./|\.\./|/)?[\w./-]+\.(?:sh|bash|py|pl|rb)$")
_SCRIPT_RUNNERS = {"bash", "sh", "python", "python3", "source", "."}
#: build tools that run the project's own build code (build.rs, setup.py, Makefiles...)
_BUILD_TOOLS = {
    "make",
    "cmake",
    "ninja",
    "cargo",
    "xx-cargo",
    "go",
    "xx-go",
    "npm",
    "yarn",
    "pnpm",
    "mvn",
    "gradle",
    "gradlew",
    "bazel",
    "meson",
    "scons",
    "just",
    "task",
    "dotnet",
}
_SPECIAL = frozenset(BUILDKIT_ARGS + PROXY_ARGS)


class _RunReads(NamedTuple):
    """What the rule reads of one RUN's commands (``_run_reads``)."""

    opaque: bool  # a command may read any variable from its environment (``_opaque``)
    runs: tuple[str, ...]  # the words naming the programs the commands run (``_runs_own``), unless opaque
    builds: bool  # a command runs a build tool: a stage copied from holds the project's programs
    names: tuple[tuple[str, ...], ...]  # the variables its script references, per reading (``_referenced_names``)


def _run_reads(commands: list[ShellCommand]) -> _RunReads:
    """What the rule reads of a RUN through its ``commands`` (its ``reads_runs``): whether one
    may read variables unseen, the words naming the programs they run, whether one runs a
    build tool, and the names of the variables the RUN's script references (read off its text
    and heredoc bodies, as the analysis scans them: a reference may stand in a redirection
    inside a command, where no word shows it). Typing inside an ``echo`` string or a package
    name leaves it as it was."""
    opaque, runs = _opaque_words(commands)
    builds = any(cmd.name in _BUILD_TOOLS for cmd in commands)
    names = _referenced_names(commands[0].instruction) if commands else ()
    return _RunReads(opaque, () if opaque else runs, builds, names)  # the words matter only when none is opaque


def _referenced_names(run: Instruction) -> tuple[tuple[str, ...], ...]:
    """The names of the variables ``run`` references, sorted, under each reading the analysis
    may give it: as a POSIX script (with the heredoc bodies the analysis reads, each as it reads
    it: ``heredoc_readings``), and its script as PowerShell's and as cmd's, which hadolint's
    ``shell=`` pragma or a SHELL instruction may make it. Apart, so that a name moving from one
    reading to another changes them. Exactly the analysis's names, not more: a quote left open
    in a heredoc script hides the references after it, and the rule must run again then. An
    exec-form RUN references none."""
    if run.is_json:
        return (), (), ()
    script = run.rest.text
    posix = {ref.name for ref in scan_shell(script)}
    for _k, doc, is_script in heredoc_readings(run):
        posix.update(ref.name for ref in (scan_shell if is_script else scan_heredoc)(doc.body.text))
    return (
        tuple(sorted(posix)),
        _names(scan_windows_shell(script, "powershell")),
        _names(scan_windows_shell(script, "cmd")),
    )


def _names(refs: list[RawRef]) -> tuple[str, ...]:
    """The names ``refs`` reference, each once, sorted."""
    return tuple(sorted({ref.name for ref in refs}))


@rule(
    code="SZ702",
    name="unused-arg",
    severity=Severity.INFO,
    fix=FixAvailability.NEVER,
    practice="g",
    tags=(Tag.UNNECESSARY,),
    scope="stage",
    reads=("shell", "base-stages", "dependent-stages", "stage-names", "copied-chains", "global-arg-uses"),
    reads_runs=_run_reads,
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    analysis = ctx.analysis
    whole = analysis.whole
    has_stages = bool(whole.stages)  # the rule may be looking at some stages only
    opaque = _OpaqueRuns(ctx)
    judged: list[tuple[Stage | None, list[Instruction], list[VarDecl]]] = []  # the stage ARGs in doubt
    for stage, instructions in stage_groups(ctx):
        in_doubt = [d for d in _declared_in(whole, instructions) if _may_be_unused(d)]
        if stage is None and has_stages:  # the global ARGs
            global_uses = used_global_args(analysis) if in_doubt else frozenset()
            for decl in in_doubt:
                if decl.name not in global_uses:  # else redeclared in a stage, or used without it (SZ701)
                    yield _unused(ctx, decl, "no FROM line or stage uses it")
            continue
        # a tool a RUN starts may read its environment: no reference needed
        in_doubt = [d for d in in_doubt if not TOOL_ENV.fullmatch(d.name)]
        if in_doubt:
            judged.append((stage, instructions, in_doubt))
    if not judged:
        return  # most stages
    reached = _reached(whole, judged)
    where = "nothing in its stage reads it" if has_stages else "nothing after it reads it"
    for stage, instructions, in_doubt in judged:
        for decl in in_doubt:
            if id(decl) not in reached and not opaque.follows(stage, instructions, decl.instruction.span.start):
                yield _unused(ctx, decl, where)


def _unused(ctx: RuleContext, decl: VarDecl, where: str) -> Violation:
    """The finding that nothing reads ``decl`` (``where`` it is not read)."""
    end = decl.value_span.end if decl.value_span is not None else decl.name_span.end
    message = f"ARG `{decl.name}` is declared but {where}"
    meant = _meant_as_value(ctx.analysis.whole, decl)
    if meant is not None:
        message += f": did you mean `{meant}={decl.name}`?"
    return ctx.violation(Span(decl.name_span.start, end), message)


def _may_be_unused(decl: VarDecl) -> bool:
    """An ARG of a top-level instruction that is flagged when nothing reads it (not one of
    BuildKit's own or a proxy argument)."""
    ins = decl.instruction
    return (
        decl.kind == "ARG"
        and decl.name not in _SPECIAL
        and decl.name_span is not None
        and ins is not None
        and ins.parent is None
    )


def _declared_in(whole: Analysis, instructions: list[Instruction]) -> list[VarDecl]:
    """The declarations the instructions from ``instructions[0]`` to ``instructions[-1]`` make
    (inner ONBUILD ones included), found by place in the file's (ordered by place)."""
    return whole.decls_between(instructions[0].span.start, instructions[-1].span.end)


def _reached(whole: Analysis, judged: list[tuple[Stage | None, list[Instruction], list[VarDecl]]]) -> set[int]:
    """id() of each declaration in doubt (``judged``: a stage, or None in a file without FROM,
    its instructions and those of its declarations) that a reference reaches: one after the
    first of them in its stage, or in a stage built on it (nothing else reaches a stage's
    declarations; a global ARG's uses are ``used_global_args``). Each reference is read once:
    the stages built on a stage are those built on its base too, so a stage already reached is
    not followed again. References are found by place in the file's (ordered by place); those
    of an ONBUILD's inner instruction are not its stage's."""
    wanted = {id(d) for _, _, in_doubt in judged for d in in_doubt}
    names = {d.name for _, _, in_doubt in judged for d in in_doubt}
    spans: dict[int | None, tuple[int, int]] = {}  # by stage index, what of it is read
    for stage, instructions, in_doubt in judged:
        if stage is not None and stage.index in spans:
            continue  # built on a stage before it: read whole, with the stages built on it
        spans[stage.index if stage is not None else None] = (
            in_doubt[0].instruction.span.start,
            instructions[-1].span.end,
        )
        for later in whole.built_on(stage) if stage is not None else ():
            spans[later.index] = (later.instructions[0].span.start, later.instructions[-1].span.end)
    reached: set[int] = set()
    for start, stop in sorted(spans.values()):
        for ref in whole.refs_between(start, stop):
            if ref.name in names and ref.instruction.parent is None:
                reached.update(id(d) for d in ref.decls if id(d) in wanted)
                if len(reached) == len(wanted):
                    return reached
    return reached


def _meant_as_value(whole: Analysis, decl: VarDecl) -> str | None:
    """``ARG DEBIAN_FRONTEND noninteractive`` declares two arguments: the name of the one before
    ``decl`` when both are bare names (the author meant ``NAME=value``), else None."""
    same = [d for d in _declared_in(whole, [decl.instruction]) if d.kind == "ARG" and d.instruction is decl.instruction]
    at = next(i for i, d in enumerate(same) if d is decl)
    if at == 0 or decl.value_span is not None or same[at - 1].value_span is not None:
        return None
    return same[at - 1].name


class _OpaqueRuns:
    """Where the last RUN of a stage starts that may read any ARG unseen: it runs a script or the
    project's build code, or dumps its environment. An ARG declared before it is given the benefit
    of the doubt. Found for a stage when an ARG of it is first in doubt (most stages have none),
    looking from its end; what each RUN's commands say is remembered by its text
    (``run_summary``)."""

    def __init__(self, ctx: RuleContext) -> None:
        analysis = self.analysis = ctx.analysis
        self.runs_build_tool = InChain(
            lambda s: any(
                run_summary(analysis, ins, _run_reads).builds for ins in stage_body(s) if ins.keyword == "RUN"
            )
        )
        self._last: dict[int | None, int] = {}

    def follows(self, stage: Stage | None, instructions: list[Instruction], start: int) -> bool:
        """Whether such a RUN of ``instructions`` (``stage``'s, None before the first FROM or in
        a file without FROM) starts after ``start``."""
        key = stage.index if stage is not None else None
        last = self._last.get(key)
        if last is None:
            last = self._last[key] = self._last_of(instructions)
        return last > start

    def _last_of(self, instructions: list[Instruction]) -> int:
        """Where the last such RUN of ``instructions`` starts; -1 without one."""
        built: set[str] | None = None
        for ins in reversed(instructions):
            if ins.keyword != "RUN":
                continue
            always, runs, _builds, _names = run_summary(self.analysis, ins, _run_reads)
            if always:
                return ins.span.start
            if not runs:
                continue
            if built is None:
                built = _programs_built_here(self.analysis, instructions, self.runs_build_tool)
            own = built | {f"{t}/" for t in mount_targets(ins, ("bind",))}
            if own and any(_runs_own(a, own) for a in runs):
                return ins.span.start
        return -1


def _programs_built_here(analysis: Analysis, instructions: list[Instruction], runs_build_tool: InChain) -> set[str]:
    """The project's own programs in a stage: the names and paths of what it copies
    ``--from`` a stage of this build whose chain runs a build tool (``go build -o /out/docsgen``:
    ``runs_build_tool``)."""
    out: set[str] = set()
    for ins in instructions:
        flag = ins.flag("from") if ins.keyword == "COPY" else None
        source = analysis.stage_named(flag.value) if flag is not None and flag.value else None
        if source is None or len(ins.args) < 2 or not runs_build_tool.of(source):
            continue
        dest = ins.args[-1].value.rstrip("/")
        for src in ins.args[:-1]:
            name = posixpath.basename(src.value.rstrip("/"))
            out.update((name, f"{dest}/{name}", dest))
    return out


def _opaque_words(commands: list[ShellCommand]) -> tuple[bool, tuple[str, ...]]:
    """Whether one of a RUN's ``commands`` may read variables from its environment that the
    rule cannot see whatever the stage holds (``_opaque``), and the words naming the programs
    they run, which may be the project's own (``_runs_own``)."""
    always = False
    runs: list[str] = []
    for cmd in commands:
        argv: list[str] = cmd.argv
        if not argv:
            continue
        always = always or _opaque(cmd, argv)
        runs += argv[1:] if cmd.name in _SCRIPT_RUNNERS else argv[:1]
    return always, tuple(runs)


def _runs_own(word: str, own: set[str]) -> bool:
    """``word`` names one of ``own``: the project's programs (built in this build) or a program
    under a bind-mounted directory (``dir/``), which counts as the build context's scripts."""
    return word in own or word.rsplit("/", 1)[-1] in own or any(d.endswith("/") and word.startswith(d) for d in own)


def _opaque(cmd: ShellCommand, argv: list[str]) -> bool:
    """The command (whose ``argv`` is given) runs a script, the project's build code, or dumps
    its environment."""
    if _SCRIPT.match(argv[0]) or cmd.name in _SCRIPT_RUNNERS and any(_SCRIPT.match(a) for a in argv[1:]):
        return True
    if cmd.name in _BUILD_TOOLS or "setup.py" in argv:
        return True
    if cmd.name.startswith(("pip", "uv")) and any(a in (".", "-e", "--editable") for a in argv):
        return True
    return _dumps_environment(cmd)


def _dumps_environment(cmd: ShellCommand) -> bool:
    """``env``, ``printenv``, ``export -p``, ``set``: every variable is written somewhere."""
    if cmd.name in ("env", "printenv"):
        return not positionals(cmd.args)
    if cmd.name in ("export", "declare"):
        return cmd.has_option("-p") or not cmd.args
    return cmd.name == "set" and not cmd.args
