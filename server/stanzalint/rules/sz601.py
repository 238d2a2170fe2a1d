"""
## What it does
Flags compilers and development packages installed in the final stage (or a stage it is built
on) and never removed: `build-essential`, `build-base`, `alpine-sdk`, `gcc`, `g++`,
`gfortran`, `clang`, `autoconf`/`automake`/`libtool`, the "Development Tools" group, and any
`*-dev` / `*-devel` / `linux-headers` package, from `apt-get`/`apt`, `apk`, `yum`/`dnf`/
`microdnf` and `zypper` installs.

A package counts as removed when a later command of the stage purges it by name
(`apt-get purge`, `apk del`, `dnf remove`...), deletes the `apk add --virtual` group it was
installed in, or, in the same `RUN`, marks everything automatic and auto-removes it
(`apt-mark auto` + `apt-get purge --auto-remove`, the pattern the official images use).
Builder stages are not checked: whatever they install stays behind. Neither are build
environments, images whose job is to compile: a `CMD`/`ENTRYPOINT` that runs a build (`make`,
`rpmbuild`, `debuild`, `go`, `cargo`, `mvn`...), or no `CMD`/`ENTRYPOINT` at all on a bare
distribution (`ubuntu`, `debian`, `alpine`...) or a toolchain image (CI and packaging images);
an init in front of the shell (`tini -g sh`) still counts as only a shell.

Three more kinds of final image are left alone:

- workspaces: images built on a Jupyter docker-stacks notebook image or a Rocker R image, or
  that install or start a notebook server, a web IDE or a remote desktop (`jupyterlab`,
  `notebook`, `code-server`, `rstudio-server`, `novnc`). People compile in them at run time:
  R's `install.packages()` builds from source on Linux, Cython cells need `gcc`, `pip install`
  of an sdist needs headers. There the compiler is part of the product (docker-stacks installs
  `build-essential` "for cython"); a hub or a server extension (`jupyter-server-proxy`) is not
  a workspace and is still checked;
- images that carry a toolchain whatever this Dockerfile adds: built on an image the knowledge
  lists as a build image (`buildpack-deps`, `gcc`, CUDA `-devel`; SZ602 is about choosing it)
  or on one that ships compilers by design (NVIDIA NGC framework containers such as
  `nvcr.io/nvidia/pytorch`, ROCm `dev-*-complete`, Habana's Gaudi `pytorch-installer`),
  or setting up a Go toolchain (`GOPATH`, `GOROOT`, `/usr/local/go/bin` on `PATH`), which no Go
  program needs at run time: the image is a Go build environment. Removing `tk-dev` from
  `python:3.12-bookworm` would not take `gcc` out of it;
- images whose users compile: development environments (a stage named `dev-envs` or
  `devcontainer`) and images built for others to build on (`ONBUILD` triggers, a documented
  base image; see SZ501).

An install that keeps a compiler (`gcc`, `g++`, `build-essential`, R's `r-base-dev`) is left
alone when nothing after it in the image's stages builds anything (no `make`, `./configure`,
`go`, `cargo`, `pip`, `gem`, `npm`, `R`, and no script that could): the compiler is there for
run time, for the container's users (`install.packages()` from source, models compiled in the
image) or for a JIT that calls `gcc` at start-up (Triton kernels); there is no build result to
copy. Autotools and `-dev` packages without a compiler are still checked.

## Why is this bad?
A compiler is needed to build wheels, gems or native modules, not to run them. Kept in the
image it costs hundreds of megabytes (`build-essential` alone pulls in about 250 MB on
Debian), it is one more set of packages to patch when scanners report CVEs, and it hands an
attacker who gets a shell a ready toolchain. The `-dev` packages add headers and static
libraries nobody reads at run time; the shared libraries the program needs come from the
runtime packages (`libpq5`, not `libpq-dev`).

Build in one stage and copy only the result (a virtualenv, wheels, a binary) into a final
stage that installs the runtime libraries only. Removing the packages in the same `RUN` also
works; removing them in a later `RUN` does not shrink the image (SZ401).

## Example
```dockerfile
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
```

## Use instead
```dockerfile
FROM python:3.12-slim AS builder
RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir -r requirements.txt

FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=builder /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
```

## Fix safety
The fix splits the final stage in two. The stage becomes the builder (`AS builder`, or its own
name when it has one) and a new final stage on the same base image follows it, with the
stage's `ARG`/`ENV`/`SHELL` lines, one `RUN` per package manager that installs the stage's OS
packages again without the compilers and build tools (`apt-get install python3 make`, not
`g++`), its `RUN`s that only create users or directories (so a later `USER` still works), one
`COPY --from=builder <dir> <dir>` per place the build's results live, the last `WORKDIR`, and
the runtime instructions moved out of the builder (`CMD`, `ENTRYPOINT`, `EXPOSE`, `USER`,
`HEALTHCHECK`, `STOPSIGNAL`, `VOLUME`, `LABEL`). The places copied are, in order: `/usr/local`
when the stage installs with pip, `python -m pip`, `uv pip`, `npm -g`, `gem` or `make install`
(the official python, node and ruby images keep the runtime and its packages there; pip's
`--target`/`--prefix` and `--user` are followed); each virtualenv the stage creates; the conda
prefix when it installs with conda, mamba or micromamba; the destination of each `COPY`/`ADD`
with an absolute path (not `/tmp`: what is copied there is read by the build; into `/`,
`/etc`, `/usr/local/bin` and the like, the files themselves); the last `WORKDIR`. The OS's own
directories (`/usr`, `/etc`, `/var`...) are never copied whole. The fix's title lists what is
copied and installed again.

The split is not offered, and the message says why, when the file cannot tell what the final
stage needs:

- a development package is installed (`libpq-dev`, `libopenmpi-dev`): it pulls in runtime
  libraries (`libpq5`) the file does not name, and a program built against it needs them;
- packages are given by a variable, or come from a repository the stage sets up (a key or a
  list under `/etc/apt/`, `add-apt-repository`, `/etc/yum.repos.d`...), which the new stage
  would not have;
- `/usr/local` would be copied on a base that is neither a bare distribution nor the official
  python, node or ruby image: the base's own tree there (CUDA's `/usr/local/cuda`) would be
  added to the image a second time.

- the packages come from a stage the final stage is built on (`FROM <stage>`), which other
  stages may build on too;
- the stage is not the file's last (a `--target`): its name would then build the builder;
- nothing the build produces is found to copy.

The fix is unsafe: files the build wrote outside the copied directories (a binary installed to
`/usr/bin`, a configure `--prefix` elsewhere) are lost, and `docker build --target <name>` with
the stage's name now builds the builder. The CLI applies it only with `--fix --unsafe-fixes`;
editors offer it as a code action.

On the stage's `FROM` line editors also offer "Split into builder and distroless final stages":
the same split with the new final stage on the distroless `:nonroot` image its program
provably fits (SZ604's conditions and fix: no `RUN` left in it and no OS package to install
again, an exec-form command starting a copied binary or virtualenv, `USER`/`--chown` names
distroless lacks turned into uid 65532).

## Options
None.

## References
- [Docker docs: multi-stage builds](https://docs.docker.com/build/building/multi-stage/)
- [Docker docs: best practices, minimise the number of packages](https://docs.docker.com/build/building/best-practices/#dont-install-unnecessary-packages)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from stanzalint.analysis.model import Analysis, ShellCommand, Stage, Word
from stanzalint.findings import Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.installed_packages import (
    Installed,
    installed_packages,
    is_build_package,
    is_toolchain_package,
)
from stanzalint.rules.toolkit.packages import package_name
from stanzalint.rules.toolkit.purpose import toolchain_is_the_product
from stanzalint.rules.toolkit.stage_split import plan_split
from stanzalint.rules.toolkit.stages import chain_instructions
from stanzalint.syntax.model import Instruction


@rule(
    code="SZ601",
    name="build-toolchain-in-final-stage",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    practice="f",
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    analysis = ctx.analysis
    final = analysis.final_stage
    if final is None or toolchain_is_the_product(analysis, final):
        return  # people or downstream builds compile in it, or its base ships compilers anyway
    if _on_toolchain_image(final):
        return  # the base already carries the toolchain: SZ602 is about that choice
    offered = False  # the split is attached to the stage's first finding only
    split = None
    instructions = [ins for _, ins in chain_instructions(final)]
    later_builds = _LaterBuilds(analysis, instructions)
    for installed in installed_packages(analysis, instructions):
        kept = [w for w in installed.kept if is_build_package(package_name(w))]
        if not kept or _toolchain_for_run_time(later_builds, installed, kept):
            continue
        names = ", ".join(f"`{package_name(w)}`" for w in kept)
        message = (
            f"The final image keeps build packages installed here ({names}): build in an earlier "
            "stage and copy the result, or remove them in the same RUN"
        )
        if not offered:
            split, why_not = _split_fix(ctx, final)
            if why_not is not None:
                message += f"; no split offered: {why_not}"
        yield ctx.violation(kept[0].span, message, fix=None if offered else split)
        offered = True


def _split_fix(ctx: RuleContext, stage: Stage) -> tuple[Fix | None, str | None]:
    """Split the final stage into builder and final stages (only when it is the file's last
    stage: a split of a ``--target`` stage would leave that target the builder), or why the
    split is not offered when the file cannot tell what the final stage needs."""
    if stage is not ctx.analysis.stages[-1]:
        return None, "it is not the file's last stage, and a `--target` build of it would build the builder"
    if stage.image is None or stage.image.is_scratch or stage.base_candidates:
        return (
            None,
            "the final stage is built on another stage of the file (`FROM <stage>`), which a split cannot take apart",
        )
    plan = plan_split(ctx.dockerfile, ctx.analysis, stage)
    if plan is None:
        return None, "nothing the build produces was found to copy into a new final stage"
    if plan.refused is not None:
        return None, plan.refused
    carried = f" and installs {', '.join(f'`{n}`' for n in plan.reinstalled)} again" if plan.reinstalled else ""
    title = (
        f"Split into builder and final stages (the final stage copies {', '.join(plan.copied)} "
        f"from the builder{carried})"
    )
    return Fix.unsafe(title, plan.edits), None


def _toolchain_for_run_time(later_builds: _LaterBuilds, installed: Installed, kept: Sequence[Word]) -> bool:
    """The install keeps a compiler (``_is_compiler``) and nothing after it in the image's
    stages builds anything: the toolchain is there for the container's users or for run-time
    compilation (Triton's JIT, ``install.packages()``), not for this build."""
    if not any(_is_compiler(package_name(w)) for w in kept):
        return False
    return not later_builds.after(installed.action.instruction, installed.action.command)


class _LaterBuilds:
    """Where the last command of ``instructions`` that may compile (``_may_compile``) stands,
    found once, so that asking whether anything after an install builds costs a lookup."""

    def __init__(self, analysis: Analysis, instructions: Sequence[Instruction]) -> None:
        self.analysis = analysis
        self.place = {id(ins): at for at, ins in enumerate(instructions)}
        self.last: tuple[int, int] | None = None  # (instruction's place, command's place in its RUN)
        for at in range(len(instructions) - 1, -1, -1):
            ins = instructions[at]
            commands = analysis.commands(ins) if ins.keyword == "RUN" else []
            builds = [i for i, cmd in enumerate(commands) if _may_compile(cmd)]
            if builds:
                self.last = (at, builds[-1])
                break

    def after(self, run: Instruction, command: ShellCommand) -> bool:
        """A command after ``command`` (of the RUN ``run``) may compile."""
        if self.last is None:
            return False
        return self.last > (self.place[id(run)], self.analysis.commands(run).index(command))


#: packages that bring a compiler (autotools alone compile nothing)
_COMPILER_KITS = {
    "build-essential",
    "build-base",
    "alpine-sdk",
    "development tools",
    "@development-tools",
    "@development tools",
    "devtoolset",
    "r-base-dev",
}


def _is_compiler(name: str) -> bool:
    """A compiler or a kit that pulls one in (``build-essential``; R's ``r-base-dev``)."""
    return name in _COMPILER_KITS or (is_toolchain_package(name) and name not in ("autoconf", "automake", "libtool"))


#: programs that build code, or install packages that may compile on install
_BUILDERS = {
    "make",
    "cmake",
    "ninja",
    "meson",
    "scons",
    "bazel",
    "cargo",
    "go",
    "mvn",
    "gradle",
    "gradlew",
    "gcc",
    "g++",
    "cc",
    "c++",
    "clang",
    "clang++",
    "gfortran",
    "configure",
    "rpmbuild",
    "debuild",
    "dpkg-buildpackage",
    "R",
    "Rscript",
    "gem",
    "bundle",
    "cpan",
    "cpanm",
    "npm",
    "yarn",
    "pnpm",
    "node-gyp",
    "uv",
    "poetry",
    "pipx",
    "conda",
    "mamba",
    "micromamba",
    "setup.py",
    "nvcc",
}


def _may_compile(cmd: ShellCommand) -> bool:
    """The command builds code (``make``, ``go build``, ``./configure``), installs packages
    that may compile (``pip``, ``gem``, ``npm``, ``install.packages()``), or runs a script that
    may do either."""
    argv = cmd.argv
    if not argv:
        return False
    program = argv[0].rsplit("/", 1)[-1]
    if program in _BUILDERS or program.startswith("pip") or program.endswith((".sh", ".py")):
        return True
    return program.startswith(("python", "bash", "sh")) and any(
        a == "-m" or a.endswith((".sh", ".py")) for a in argv[1:]
    )


def _on_toolchain_image(stage: Stage) -> bool:
    """The stage ships a compiler whatever this Dockerfile's packages add: it sits on an image
    the knowledge lists as a build image (``buildpack-deps``, ``gcc``, CUDA ``-devel``), or it
    sets up a Go toolchain (``GOPATH``/``GOROOT``, ``/usr/local/go/bin`` on ``PATH``)."""
    from stanzalint.knowledge import build_image_info

    for _, ins in chain_instructions(stage):
        if ins.keyword == "ENV" and any(_GO_WORKSPACE.search(t.value) for t in ins.args):
            return True
    root = stage.named_root_image
    if root is None:
        return False
    return build_image_info(root) is not None


#: an ENV that sets up a Go toolchain: Go programs need none of it at run time
_GO_WORKSPACE = re.compile(r"^(?:GOPATH|GOROOT)(?:=|$)|/usr/local/go/bin")
