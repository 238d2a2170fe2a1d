"""
## What it does
Flags a RUN that installs with conda, mamba or micromamba (`install`, `create`, `update`,
`env create`, `env update`) and does not clean the package cache later in the same RUN
(`conda clean -afy`, `mamba clean -afy`, `micromamba clean --all --yes`, or a script named for
cleaning such as `clean-layer.sh`), unless the package directory is a BuildKit cache mount.

Only what reaches the shipped image counts: the stage built (the last, or `--target`) and the
stages it is built `FROM`. A builder stage is left alone unless a shipped stage copies a
directory holding the package cache (`<prefix>/pkgs`) out of it (`COPY --from`) before the
builder deletes it: copying the build output alone ships no cache. Fragments without `FROM` and
`ONBUILD` instructions are always checked.

## Why is this bad?
conda keeps every downloaded archive and its extracted copy in `pkgs/` (`/opt/conda/pkgs`).
For a data-science environment that is often one to three gigabytes that the environment
itself never uses again, frozen into the layer: a later `RUN conda clean` cannot shrink it,
because the layer below still holds the files. Cleaning in the same RUN keeps them out of the
image. A cache mount (`RUN --mount=type=cache,target=/opt/conda/pkgs`) is even better: the
cache survives between builds and never reaches the image.

## Example
```dockerfile
FROM continuumio/miniconda3:24.7.1-0
RUN conda install -y -c conda-forge numpy pandas scikit-learn
```

## Use instead
```dockerfile
FROM continuumio/miniconda3:24.7.1-0
RUN conda install -y -c conda-forge numpy pandas scikit-learn && conda clean -afy
```

## Fix safety
Safe: it appends the tool's clean command at the end of the RUN (or as the last line of a
heredoc script that runs with `set -e`: without it the script's status is its last line's, and
a failed install would pass). The environment is unchanged; only cached archives are removed.
No fix when the script ends in a way that an appended command would change (`;`, `&`, a
trailing comment).

## Options
None.

## References
- [conda clean](https://docs.conda.io/projects/conda/en/stable/commands/clean.html)
- [Docker docs: cache mounts](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand
from stanzalint.findings import Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit import caches
from stanzalint.rules.toolkit.cleanup import removes_path, runs_cleanup_script
from stanzalint.rules.toolkit.commands import first_positionals, has_option, tool_of
from stanzalint.rules.toolkit.edits import append_command
from stanzalint.rules.toolkit.mounts import mount_targets
from stanzalint.rules.toolkit.shipped import ships

CONDA_TOOLS = ("conda", "mamba", "micromamba")
_VALUE_OPTIONS = ("-c", "--channel", "-n", "--name", "-p", "--prefix", "-f", "--file", "-r", "--root-prefix")
_CLEAN = {"conda": "conda clean -afy", "mamba": "mamba clean -afy", "micromamba": "micromamba clean --all --yes"}


def conda_install(cmd: ShellCommand) -> str | None:
    tool, args = tool_of(cmd)
    if tool not in CONDA_TOOLS:
        return None
    sub, second = first_positionals(args, 2, _VALUE_OPTIONS)
    if has_option(args, "--download-only", "--dry-run", "-d"):
        return None  # filling the package cache on purpose, or installing nothing
    if sub in ("install", "create", "update", "upgrade") or (sub == "env" and second in ("create", "update")):
        return tool
    return None


def _cleans(cmd: ShellCommand) -> bool:
    tool, args = tool_of(cmd)
    if tool not in CONDA_TOOLS or first_positionals(args, 1)[0] != "clean":
        return False
    return has_option(args, "-a", "--all", "-t", "--tarballs", "-p", "--packages")


@rule(
    code="SZ403",
    name="conda-cache-kept",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    practice="d",
    scope="instruction",
    reads=("shell", "ships"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for ins in ctx.dockerfile.of_keyword("RUN"):
        if any(k in t for t in mount_targets(ins) for k in ("pkgs", "conda", "mamba")):
            continue
        commands = ctx.analysis.commands(ins)
        installs = [(c, conda_install(c)) for c in commands]
        installs = [(c, t) for c, t in installs if t]
        if not installs:
            continue
        last_cmd, last_tool = installs[-1]
        if any(_cleans(c) and c.span.start > last_cmd.span.start for c in commands):
            continue
        if removes_path(commands, last_cmd.span.start, "pkgs", ".cache/mamba", ".cache/conda") or runs_cleanup_script(
            commands, last_cmd.span.start
        ):
            continue
        if not ships(ctx.analysis, ins, caches.CONDA, lambda later: any(_cleans(c) for c in later)):
            continue
        first_cmd, first_tool = next(
            (c, t) for c, t in installs if not any(_cleans(o) and o.span.start > c.span.start for o in commands)
        )
        edit = append_command(ctx.text, ins, commands, _CLEAN[last_tool], into_heredoc=True)
        fix = Fix.safe(f"Append `{_CLEAN[last_tool]}`", [edit]) if edit else None
        yield ctx.violation(
            first_cmd.span,
            f"`{first_tool}` leaves its package cache in this layer; end the RUN with `{_CLEAN[last_tool]}` or use a cache mount",
            fix=fix,
        )
