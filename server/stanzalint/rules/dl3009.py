"""
## What it does
Flags a RUN in a shipped stage that runs `apt-get update` (or `apt update`, `aptitude update`)
but leaves `/var/lib/apt/lists` behind.

Only what reaches the shipped image counts: the stage built (the last, or `--target`) and the
stages it is built `FROM`. A builder stage is left alone unless a shipped stage copies a
directory holding `/var/lib/apt/lists` out of it (`COPY --from`) before the builder deletes it:
copying the build output alone ships no cache. Fragments without `FROM` and `ONBUILD`
instructions are always checked.

## Why is this bad?
`apt-get update` downloads the package indexes, typically 20 to 50 MB, into
`/var/lib/apt/lists`. Deleting them in a later RUN does not help: the layer that wrote them
keeps them. Removing them in the same RUN keeps the image smaller, and stale indexes in the
image only mislead a later `apt-get install` anyway.

Differences from hadolint, on purpose:
- a cache or tmpfs mount on `/var/lib/apt/lists` *or a parent* such as `/var/lib/apt`
  keeps the lists out of the layer, so it counts as cleanup;
- the removal (`rm`, or `apt-get dist-clean`) must come after the last `apt-get update` of the RUN;
- builder stages whose lists never reach the shipped image are not flagged (see above).

```dockerfile
RUN --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends gcc
```

## Example
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Use instead
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
```

## Fix safety
Safe: appends `&& rm -rf /var/lib/apt/lists/*` to the RUN; the indexes are only needed by apt
commands in that same RUN. No fix when the script does not end with a command (a trailing
comment or operator, a heredoc, exec form), and none when the RUN updates without installing
(SZ402 moves the update into the RUN that installs, and this fix then applies there) or when a
later RUN installs without updating first: deleting the lists would break that install.

## Options
None.

## References
- [Docker docs: apt-get best practices](https://docs.docker.com/build/building/best-practices/#apt-get)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from stanzalint.analysis.model import Stage
from stanzalint.findings import Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.cleanup import removes
from stanzalint.rules.toolkit.commands import positionals
from stanzalint.rules.toolkit.edits import append_command
from stanzalint.rules.toolkit.mounts import mounted
from stanzalint.rules.toolkit.packages import APT_WITH_VALUE
from stanzalint.rules.toolkit.run_summaries import posix_runs_where, run_summary
from stanzalint.rules.toolkit.shipped import ships

LISTS = "/var/lib/apt/lists"


def _sub(cmd) -> str:
    if cmd.name not in ("apt-get", "apt", "aptitude"):
        return ""
    pos = positionals(cmd.args, APT_WITH_VALUE)
    return pos[0].value if pos else ""


#: apt subcommands that read the package lists an update fetched
_USES_LISTS = frozenset(
    {"install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "source", "download", "reinstall"}
)


def _later_run_relies_on_lists(ctx: RuleContext, ins, latest: dict[int, int]) -> bool:
    """Whether a later RUN of this stage, or of a stage built on it, installs with apt without
    updating first: it works only because this RUN left the lists behind. ``latest`` keeps
    ``_latest_run_relying_on_lists`` by stage index, for the other RUNs of the stage."""
    stage = ctx.analysis.stage_of(ins)
    return stage is not None and _latest_run_relying_on_lists(ctx, stage, latest) > ins.span.start


def _latest_run_relying_on_lists(ctx: RuleContext, stage: Stage, latest: dict[int, int]) -> int:
    """Where the last RUN starts, in ``stage`` or in a stage built on it (directly or not), that
    installs with apt before any update of its own; -1 without one. Only those stages are read,
    not every stage of the file, which a keystroke in one stage would otherwise walk; each is
    worked out once into ``latest`` (by stage index), from the end: a stage's answer from its
    own RUNs and its direct children's answers, so a long chain of stages is read once."""
    found = latest.get(stage.index)
    if found is None:
        whole = ctx.analysis.whole
        for later in reversed((stage, *whole.built_on(stage))):
            if later.index not in latest:
                children = max((latest[child.index] for child in whole.built_directly_on(later)), default=-1)
                latest[later.index] = max(_last_run_relying_on_lists(ctx, later), children)
        found = latest[stage.index]
    return found


def _last_run_relying_on_lists(ctx: RuleContext, stage: Stage) -> int:
    """Where the stage's last RUN (an ONBUILD's too) starts that installs with apt before any
    update of its own; -1 without one. Walked from the stage's end, each RUN asked by its text
    (``run_summary``), so the RUNs an edit moved are not read again."""
    for ins in reversed(stage.instructions):
        eff = ins.effective
        if eff.keyword == "RUN" and run_summary(ctx.analysis, eff, _relies_on_lists):
            return ins.span.start
    return -1


def _relies_on_lists(cmds) -> bool:
    for cmd in cmds:
        sub = _sub(cmd)
        if sub == "update":
            return False
        if sub in _USES_LISTS:
            return True
    return False


def _dist_cleans(cmds) -> bool:
    return any(_sub(c) == "dist-clean" for c in cmds)


class _KeptLists(NamedTuple):
    """A RUN whose ``apt-get update`` leaves the lists behind: where its first update stands among
    its commands, and whether a command after the last one uses the lists."""

    first: int
    installs: bool


def _kept_lists(cmds) -> _KeptLists | None:
    """How the RUN of ``cmds`` leaves the lists an update fetched, or None when it fetches none
    or a later command deletes them (or dist-cleans). Position-free: each RUN is asked by its
    text (``run_summary``), so a RUN an edit moved is not read again."""
    updates = [i for i, c in enumerate(cmds) if _update_word(c) is not None]
    if not updates:
        return None
    after = cmds[updates[-1] + 1 :]
    if removes(after, LISTS) or _dist_cleans(after):
        return None
    return _KeptLists(updates[0], any(_sub(c) in _USES_LISTS for c in after))


def _update_word(cmd):
    if cmd.name not in ("apt-get", "apt", "aptitude"):
        return None
    pos = positionals(cmd.args, APT_WITH_VALUE)
    return pos[0] if pos and pos[0].value == "update" else None


@rule(
    code="DL3009",
    name="apt-lists-not-deleted",
    severity=Severity.INFO,
    fix=FixAvailability.SOMETIMES,
    scope="stage",
    reads=("shell", "global-args", "base-stages", "shipped", "dependent-stages"),
    reads_commands=("apt", "apt-get", "aptitude", "rm"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    latest: dict[int, int] = {}  # ``_latest_run_relying_on_lists`` by stage, read when a fix needs it
    for ins, cmds, kept in posix_runs_where(ctx.analysis, _kept_lists):
        if mounted(ins, LISTS) or not ships(ctx.analysis, ins, (LISTS,), _dist_cleans):
            continue
        edit = None
        # only where the lists were used in this RUN: deleting them after a bare `apt-get update`
        # would leave the next RUN's install with nothing to install from (SZ402 merges those)
        if kept.installs and not _later_run_relies_on_lists(ctx, ins, latest):
            edit = append_command(ctx.text, ins, cmds, "rm -rf /var/lib/apt/lists/*")
        fix = Fix.safe("Delete the apt lists at the end of the RUN", [edit]) if edit else None
        yield ctx.violation(
            _update_word(cmds[kept.first]).span,
            "Delete /var/lib/apt/lists in the same RUN as `apt-get update`",
            fix=fix,
        )
