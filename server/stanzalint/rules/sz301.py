"""
## What it does
Flags a `COPY`/`ADD` of the whole build context (`.`, `./`, `*`) that comes before a dependency
install in the same stage: `pip install -r`, `uv sync`, `poetry install`, `pipenv install`,
`pdm install`, `conda env create -f`, `mamba`/`micromamba create -f`, `npm ci`/`npm install`,
`yarn install`, `pnpm install`, `go mod download`, `bundle install`, `composer install`,
`Rscript -e 'renv::restore()'`, `install_deps()`.

## Why is this bad?
Docker reuses a layer only while everything before it is unchanged. `COPY . .` changes whenever
any file in the project changes, so the install after it runs again on every code edit:
minutes of downloading and compiling the same dependencies, and a new multi-hundred-megabyte
layer to push each time. The dependency manifests change rarely. Copy just them, install, and
copy the rest of the source afterwards: an edit to the code then rebuilds only the last, small
layer.

Where the install builds the project itself (`pip install .`, `pip install -e .`, `uv sync`
without `--no-install-project`, `poetry install` without `--no-root`, `pdm install` without
`--no-self`) it really needs the whole source. The finding explains how to split it (install the
dependencies from the manifest first, then the project) and offers no fix.

Left alone: an install that runs only when its manifest exists (`[ -f requirements.txt ] &&
pip install -r requirements.txt`, `if [ -s requirements.txt ]; then ...`). The manifest is
optional there, usually absent, and copying it first would fail the build when it is. A
manifest copied earlier through a glob (`COPY requirements.txt* ./`) counts as copied: the fix
then only moves the context copy after the install.

## Example
```dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
```

## Use instead
```dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
```

## Fix safety
Unsafe: the fix puts a `COPY` of exactly the files the install reads where the context copy
was, and moves the context copy to just after the install. The install then runs before the
rest of the source exists; that is the point, but an install step that quietly relied on other
files (a `setup.py` read by a `-e .` line inside the requirements file, a local wheel) fails.
Lock files that the install reads only when present are copied with a `*` suffix
(`poetry.lock*`) when the linter cannot see the build context, so the `COPY` works either way.
The fix is offered only when nothing between the context copy and the install needs the
source (only system package installs, `ENV`, `ARG`, `LABEL`, `USER` and the like stand there),
and when the install's RUN does nothing else with it: a build step, a script or a removal of
copied files in that RUN (`npm ci && npm run build`, `chmod +x entrypoint.sh`, `rm -rf tests`)
would run before the source is copied.

## Options
None.

## References
- [Docker docs: optimize cache usage](https://docs.docker.com/build/cache/optimize/#order-your-layers)
- [Docker docs: Python language guide](https://docs.docker.com/guides/python/containerize/)
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator
from itertools import compress

from stanzalint.analysis.model import Analysis, ShellCommand, Stage
from stanzalint.findings import Edit, Fix, FixAvailability, Related, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.commands import top_level
from stanzalint.rules.toolkit.copies import context_copy_source, copied_files, copies_whole_context
from stanzalint.rules.toolkit.dependencies import Install, manifest_install
from stanzalint.rules.toolkit.edits import newline_of, removed_lines
from stanzalint.rules.toolkit.kept_answers import KeptAnswers
from stanzalint.rules.toolkit.paths import is_under, resolve_path
from stanzalint.rules.toolkit.run_summaries import run_summary
from stanzalint.rules.toolkit.stages import INERT_KEYWORDS, Workdirs, stage_body
from stanzalint.syntax.model import Instruction, Span

_FILE_TESTS = ("-f", "-s", "-e", "-r")

#: Commands that prepare the system and never read the project's source.
_SYSTEM_SETUP = frozenset(
    {
        "apt-get",
        "apt",
        "apk",
        "yum",
        "dnf",
        "microdnf",
        "zypper",
        "rm",
        "mkdir",
        "useradd",
        "groupadd",
        "adduser",
        "addgroup",
        "ln",
        "echo",
        "true",
        "set",
        "export",
        "update-ca-certificates",
        "locale-gen",
        "usermod",
    }
)


def _run_cwd(cmd: ShellCommand, commands: list[ShellCommand], base: str | None) -> str | None:
    """The directory a command runs in: WORKDIR, then any top-level ``cd`` before it."""
    cwd = base
    for c in top_level(commands):
        if c is cmd or c.span.start >= cmd.span.start:
            break
        if c.name == "cd":
            target = [w.value for w in c.args if not w.value.startswith("-")]
            cwd = resolve_path(cwd, target[0]) if target else None
    return cwd


def _copied_files(analysis: Analysis, ins: Instruction, wd: str | None) -> set[str]:
    """Absolute paths a plain (non context-wide) COPY/ADD puts files at (file sources only)."""
    out: set[str] = set()
    if ins.flag("from") is not None:
        return out
    sources, dest = copied_files(ins)
    if dest is None:
        return out
    dest_value, ok = analysis.resolve(dest.value, ins)
    target = resolve_path(wd, dest_value) if ok else None
    if target is None:
        return out
    to_dir = dest_value.endswith("/") or dest_value in (".", "..") or len(sources) > 1
    for s in sources:
        name = _optional_name(posixpath.basename(s.value.rstrip("/")))
        if not name or any(c in name for c in "*?["):
            continue
        out.add(posixpath.join(target, name) if to_dir else target)
    return out


def _optional_name(name: str) -> str:
    """``requirements.txt*`` copies ``requirements.txt`` when it exists: the file's name."""
    return name[:-1] if name.endswith("*") and len(name) > 1 else name


def _runs_only_if_present(commands: list[ShellCommand], cmd: ShellCommand, cwd: str, install: Install) -> bool:
    """A file test of one of the install's manifests comes before it in the RUN
    (``[ -f requirements.txt ] && pip install -r requirements.txt``, ``if [ -s ... ]; then``):
    the manifest is optional and usually absent, so nothing reruns."""
    manifests = {resolve_path(cwd, path) for path, _ in install.manifests}
    for c in commands:
        if c.span.start >= cmd.span.start:
            break
        if c.name not in ("[", "[[", "test"):
            continue
        values = [w.value for w in c.args]
        if any(
            flag in _FILE_TESTS and resolve_path(cwd, operand) in manifests for flag, operand in zip(values, values[1:])
        ):
            return True
    return False


#: commands that may stand beside the install in its RUN without reading the copied source:
#: system package managers, shell settings, account and locale setup
_BESIDE_THE_INSTALL = _SYSTEM_SETUP - {"rm", "ln"} | {"cd"}


def _only_the_install(commands: list[ShellCommand], dest: str, cwd: str | None) -> bool:
    """Whether the install's RUN does nothing with the source besides installing from the
    manifests: each of its commands is an install from manifests alone (not ``pip install .``), one of ``_BESIDE_THE_INSTALL``, or an
    ``rm`` of absolute paths outside the copy's destination (caches, package lists). A build
    step, a script or a removal of copied files (``npm run build``, ``chmod +x entrypoint.sh``,
    ``rm -rf tests``) would run before the copy the fix moves after it."""
    for c in commands:
        install = manifest_install(c)
        if (install is not None and not install.whole_source) or c.name in _BESIDE_THE_INSTALL:
            continue
        if c.name == "rm":
            operands = [w.value for w in c.args if not w.value.startswith("-")]
            paths = [resolve_path(cwd, value) if value.startswith("/") else None for value in operands]
            if operands and all(p is not None and not is_under(p, dest) and not is_under(dest, p) for p in paths):
                continue
        return False
    return True


def _between_is_harmless(analysis: Analysis, instructions: list[Instruction]) -> bool:
    for ins in instructions:
        if ins.keyword in INERT_KEYWORDS or ins.keyword in ("USER", "ONBUILD"):
            continue
        if ins.keyword == "RUN" and not ins.heredocs:
            commands = analysis.commands(ins)
            if commands and all(c.name in _SYSTEM_SETUP for c in commands):
                continue
        return False
    return True


def _exists(ctx: RuleContext, rel: str) -> bool | None:
    if not ctx.path:
        return None
    return os.path.isfile(os.path.join(os.path.dirname(os.path.abspath(ctx.path)), *rel.split("/")))


def _manifest_copy(
    ctx: RuleContext, copy: Instruction, source_word: str, dest_text: str, needed: list[tuple[str, bool]]
) -> str | None:
    """COPY instruction(s) for the manifests, as text, or None when they cannot be written."""
    groups: dict[str, list[str]] = {}
    for rel, required in needed:
        if rel.startswith("../") or rel == ".." or "$" in rel:
            return None
        directory = posixpath.dirname(rel)
        if directory and source_word in ("*", "./*"):
            return None
        name = rel
        if not required:
            present = _exists(ctx, rel)
            if present is False:
                continue
            if present is None:
                name = rel + "*"
        groups.setdefault(directory, []).append(name)
    if not groups:
        return None
    flags = " ".join(f.text for f in copy.flags if f.name in ("chown", "chmod", "link"))
    keyword = copy.keyword_text if copy.keyword == "COPY" else "COPY"
    lines = []
    for directory, names in groups.items():
        base = dest_text if dest_text.endswith("/") else dest_text + "/"
        target = base if not directory else base + directory + "/"
        parts = [keyword] + ([flags] if flags else []) + names + [target]
        lines.append(" ".join(parts))
    return newline_of(ctx.text).join(lines)


def _installs_from_a_manifest(commands: list[ShellCommand]) -> bool:
    """Whether a top-level command installs dependencies from a manifest: asked of each RUN's
    text once (``run_summary``), so that after a keystroke the commands of the stage's other
    RUNs are not read."""
    return any(manifest_install(cmd) is not None for cmd in top_level(commands))


def _manifest_installs(analysis: Analysis, body: list[Instruction], wd: dict[int, str | None]) -> list[tuple]:
    """(index in ``body``, RUN, command, install, directory it runs in) for each install from a
    dependency manifest among the stage's top-level RUN commands, in order."""
    out = []
    for j, run in enumerate(body):
        if run.keyword != "RUN" or not run_summary(analysis, run, _installs_from_a_manifest):
            continue
        commands = analysis.commands(run)
        for cmd in top_level(commands):
            install = manifest_install(cmd)
            if install is None:
                continue
            cwd = _run_cwd(cmd, commands, wd.get(id(run)))
            if cwd is not None and not _runs_only_if_present(commands, cmd, cwd, install):
                out.append((j, run, cmd, install, cwd))
    return out


def _copies_the_context(ins: Instruction, _text: str) -> bool:
    """Whether a top-level instruction is a COPY or ADD of the whole build context."""
    return ins.keyword in ("COPY", "ADD") and copies_whole_context(ins)


#: whether each instruction copies the whole context, carried from one keystroke's parse to the next
_CONTEXT_COPIES: KeptAnswers[bool] = KeptAnswers(_copies_the_context)


def _stages_copying_the_context(analysis: Analysis) -> list[Stage]:
    """The stages with a COPY or ADD of the whole build context in their own body, in order:
    only the instructions a keystroke's parse read again are asked whether they copy it."""
    dockerfile = analysis.dockerfile
    found: dict[int, Stage] = {}
    for ins in compress(dockerfile.instructions, _CONTEXT_COPIES.of(dockerfile)):
        stage = analysis.stage_of(ins)
        if stage is not None:
            found[stage.index] = stage
    return [found[i] for i in sorted(found)]


def _findings(ctx: RuleContext, stage: Stage, stage_workdirs: Workdirs) -> Iterator[Violation]:
    analysis = ctx.analysis
    body = stage_body(stage)
    wd = stage_workdirs.of(stage)
    copied: set[str] = set()
    installs = None  # found at the first context-wide COPY, once for the stage
    for i, ins in enumerate(body):
        source = context_copy_source(ins)
        if source is None:
            if ins.keyword in ("COPY", "ADD"):
                copied |= _copied_files(analysis, ins, wd.get(id(ins)))
            continue
        _, dest = copied_files(ins)
        dest_value, ok = analysis.resolve(dest.value, ins) if dest is not None else ("", False)
        dest_abs = resolve_path(wd.get(id(ins)), dest_value) if ok else None
        if dest_abs is None:
            continue
        if installs is None:
            installs = _manifest_installs(analysis, body, wd)
        for j, run, cmd, install, cwd in installs:
            if j <= i:
                continue
            violation = _violation(
                ctx, stage, ins, source.value, dest.value, dest_abs, run, cmd, install, cwd, copied, body[i + 1 : j]
            )
            if violation is not None:
                yield violation
                return


def _violation(
    ctx, stage, copy, source_word, dest_text, dest_abs, run, cmd, install: Install, cwd, copied, between
) -> Violation | None:
    related = [Related(cmd.span, "this install runs again whenever any file of the context changes")]
    shown = " ".join(w.value for w in cmd.words[cmd.index :])
    label = f"`{shown}`" if len(shown) <= 60 else f"`{install.label}`"
    if install.whole_source:
        path = resolve_path(cwd, install.source_path or ".")
        if path is None or not (is_under(path, dest_abs) or is_under(dest_abs, path)):
            return None
        return ctx.violation(
            _source_span(copy, source_word),
            f"The whole build context is copied before {label}, which reruns on every source change; "
            f"{install.whole_source}",
            related=related,
        )
    needed: list[tuple[str, bool]] = []
    for path, required in install.manifests:
        absolute = resolve_path(cwd, path)
        if absolute is None:
            return None
        if absolute in copied:
            continue
        if not is_under(absolute, dest_abs) or absolute == dest_abs:
            return None
        needed.append((posixpath.relpath(absolute, dest_abs), required))
    message = (
        f"The whole build context is copied before {label}, so every source change reinstalls "
        "the dependencies; copy the manifest files first and install before copying the rest"
    )
    fix = None
    if (
        _between_is_harmless(ctx.analysis, between)
        and not run.heredocs
        and _only_the_install(ctx.analysis.commands(run), dest_abs, cwd)
    ):
        nl = newline_of(ctx.text)
        copy_text = ctx.text[copy.span.start : copy.span.end]
        edits = []
        if needed:
            manifest_copy = _manifest_copy(ctx, copy, source_word, dest_text, needed)
            if manifest_copy is not None:
                edits.append(Edit(copy.span, manifest_copy))
        else:
            edits.append(Edit(removed_lines(ctx.text, copy), ""))
        if edits:
            edits.append(Edit(Span(run.span.end, run.span.end), nl + copy_text))
            fix = Fix.unsafe("Copy the manifests first and move the context copy after the install", edits)
    return ctx.violation(_source_span(copy, source_word), message, fix=fix, related=related)


def _source_span(copy: Instruction, source_word: str) -> Span:
    source = context_copy_source(copy)
    return source.span if source is not None else copy.keyword_span


@rule(
    code="SZ301",
    name="context-copied-before-install",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    practice="c",
    # a stage's context copy and the installs after it, with the WORKDIR and variables its bases
    # give them; the fix reads which optional manifests exist beside the file
    scope="stage",
    reads=("shell", "global-args", "base-stages", "build-context"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    stage_workdirs = Workdirs(ctx.analysis)
    for stage in _stages_copying_the_context(ctx.analysis):
        yield from _findings(ctx, stage, stage_workdirs)
