"""
## What it does
Flags RUN instructions that use `wget` or `curl` once the stage has used both.

## Why is this bad?
Two download tools do one job: each brings its own libraries and certificates handling into the
image, doubles what has to be patched, and makes the Dockerfile inconsistent. Pick one (curl is
in most base images; busybox's `wget` is in Alpine) and use it everywhere in the stage.

The check is per stage, like hadolint: a builder stage that uses curl and a final stage that
uses wget are fine.

## Example
```dockerfile
FROM debian:12
RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz
RUN wget -q https://example.com/b.tgz
```

## Use instead
```dockerfile
FROM debian:12
RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz
RUN curl -fsSLO https://example.com/b.tgz
```

## Fix safety
No automatic fix: the two tools take different options.

## Options
None.

## References
- [Docker docs: minimize the number of packages](https://docs.docker.com/build/building/best-practices/#dont-install-unnecessary-packages)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from stanzalint.analysis.model import ShellCommand
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.commands import name_word
from stanzalint.rules.toolkit.run_summaries import run_summary
from stanzalint.rules.toolkit.stages import stage_groups

TOOLS = ("curl", "wget")


class _Downloads(NamedTuple):
    """A RUN's curl and wget commands: where the first stands among its commands, and the name
    of each, in order."""

    first: int
    names: tuple[str, ...]


def _downloads(commands: list[ShellCommand]) -> _Downloads | None:
    """The curl and wget commands among a RUN's ``commands``, None without one. Position-free:
    asked of each RUN by its text (``run_summary``), so that a keystroke in a stage reads the
    commands of the RUN it reports only, not those of every RUN the edit moved."""
    used = [(k, cmd.name) for k, cmd in enumerate(commands) if cmd.name in TOOLS]
    return _Downloads(used[0][0], tuple(name for _k, name in used)) if used else None


@rule(
    code="DL4001",
    name="wget-and-curl",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    aliases=("DS-0014",),
    scope="stage",
    reads=("shell", "global-args", "base-stages"),
    reads_commands=("curl", "wget"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for _stage, instructions in stage_groups(ctx):
        seen: set[str] = set()
        for outer in instructions:
            ins = outer.effective
            if ins.keyword != "RUN" or (ins.is_shell_form and not ctx.analysis.is_posix_shell(ins)):
                continue
            used = run_summary(ctx.analysis, ins, _downloads)
            if used is None:
                continue
            seen.update(used.names)
            if len(seen) == 2:
                other = {"curl": "wget", "wget": "curl"}
                cmd = ctx.analysis.commands(ins)[used.first]
                yield ctx.violation(
                    name_word(cmd).span,
                    f"The stage uses both curl and wget; use only one (this is `{cmd.name}`, elsewhere `{other[cmd.name]}`)",
                )
