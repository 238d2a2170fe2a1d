"""
## What it does
Flags a package index update (`apt-get update`, `apt update`, `apk update`, `yum makecache`,
`dnf makecache`, `zypper refresh`) in a RUN that installs nothing with that manager.

## Why is this bad?
The update only downloads package lists. In a RUN of its own it becomes a cached layer: the
next build reuses those lists, possibly months old, while a later `RUN apt-get install` that
changed gets rebuilt against them and fails with 404s or installs outdated versions. The lists
also stay in the image (tens of megabytes for apt). Updating and installing in one RUN, then
removing the lists, keeps them fresh and out of the image.

## Example
```dockerfile
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
```

## Use instead
```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
```

## Fix safety
Safe when the RUN does nothing but update and the next RUN of the stage installs with the same
manager, with only `ENV`, `ARG`, `LABEL` and similar instructions in between: the update moves
to the front of that RUN, followed by `&&`. Otherwise no fix is offered, nor when the move would
change what either RUN does: a comment or a trailing `;` or `&` in the update's RUN, an
install RUN with flags (`--network=none` would cut the update off), or one that is not one `&&` list (a `;`, `||` or `&` would let it go on after a failed
update, or send the update to the background).

## Options
None.

## References
- [Docker docs: apt-get best practices](https://docs.docker.com/build/building/best-practices/#apt-get)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand
from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.commands import first_positionals, tool_of
from stanzalint.rules.toolkit.edits import removed_lines, runs_after_and, script_ending
from stanzalint.rules.toolkit.run_summaries import run_summary
from stanzalint.rules.toolkit.stages import INERT_KEYWORDS, stage_body
from stanzalint.syntax.model import Instruction, Span

_FAMILY = {"apt-get": "apt", "apk": "apk", "yum": "rpm", "dnf": "rpm", "microdnf": "rpm", "zypper": "zypper"}
_UPDATE = {
    "apt-get": ("update",),
    "apk": ("update",),
    "yum": ("makecache",),
    "dnf": ("makecache",),
    "zypper": ("refresh", "ref"),
}
_USES = {
    "apt": ("install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "source", "download", "satisfy"),
    "apk": ("add", "upgrade", "fix", "fetch"),
    "rpm": ("install", "upgrade", "update", "groupinstall", "reinstall", "distro-sync", "builddep"),
    "zypper": ("install", "in", "update", "up", "dist-upgrade", "dup", "patch", "source-install", "si"),
}


def _family_action(cmd: ShellCommand):
    tool, args = tool_of(cmd)
    family = _FAMILY.get(tool)
    if family is None:
        return None, None, None
    sub = first_positionals(args, 1, ("-o", "-c", "-t", "-X", "--repo", "-R"))[0]
    if sub in _UPDATE.get(tool, ()) and not (family == "rpm" and sub == "update"):
        return family, "update", tool
    if sub in _USES[family]:
        return family, "use", tool
    return family, None, tool


def _actions(commands: list[ShellCommand]) -> tuple[tuple[str | None, str | None], ...]:
    """Each command's package-manager family and what it does with the package lists (``update``,
    ``use``, None): what the rule reads of a RUN, asked of each by its text (``run_summary``)."""
    return tuple(_family_action(c)[:2] for c in commands)


def _stale_update(commands: list[ShellCommand]) -> bool:
    """A command updates a family's package lists that no command of the RUN uses."""
    actions = _actions(commands)
    return any(action == "update" and (family, "use") not in actions for family, action in actions)


def _moves_intact(run: Instruction, commands: list[ShellCommand]) -> bool:
    """Whether the update RUN's script, put before `` && `` at the front of another RUN, keeps
    its meaning: it runs as one ``&&`` list (``runs_after_and``), ends with a word (not ``;``,
    which `` && `` cannot follow) and holds no comment (one would swallow the `` && `` and the
    install after it). Its commands are all declared ones, so the projection holds its text."""
    return runs_after_and(run, commands) and script_ending(run, commands) == "word" and "#" not in run.rest.text


def _prefixable(commands: list[ShellCommand]) -> bool:
    """Whether a RUN with these commands keeps its meaning with an update and `` && `` put at its
    front (``runs_after_and``), asked of each by its text (``run_summary``)."""
    return bool(commands) and runs_after_and(commands[0].instruction, commands)


def _next_install(ctx: RuleContext, run: Instruction, family: str) -> Instruction | None:
    stage = ctx.analysis.stage_of(run)
    at = stage.own_places.get(id(run)) if stage is not None else None
    if at is None:
        return None
    body = stage_body(stage)
    for ins in (body[i] for i in range(at + 1, len(body))):
        if ins.keyword in INERT_KEYWORDS:
            continue
        if ins.keyword != "RUN" or ins.is_json or ins.heredocs or ins.flags:
            return None  # flags (``--network=none``, a cache mount) change where the update would run
        if (family, "use") in run_summary(ctx.analysis, ins, _actions):
            return ins
        return None
    return None


@rule(
    code="SZ402",
    name="update-without-install",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    practice="d",
    aliases=("DS-0017", "CKV_DOCKER_5"),
    scope="stage",
    reads=("shell", "global-args", "base-stages"),
    reads_commands=("apt", "apt-get", "apk", "yum", "dnf", "microdnf", "zypper"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for ins in ctx.dockerfile.of_keyword("RUN"):
        if not run_summary(ctx.analysis, ins, _stale_update):
            continue
        commands = ctx.analysis.commands(ins)
        actions = [(c,) + _family_action(c) for c in commands]
        for cmd, family, action, _tool in actions:
            if action != "update":
                continue
            if any(f == family and a == "use" for _, f, a, _ in actions):
                continue
            fix = None
            only_update = all(a == "update" for _, _, a, _ in actions) and not ins.flags and ins.parent is None
            if only_update and not ins.is_json and not ins.heredocs and _moves_intact(ins, commands):
                target = _next_install(ctx, ins, family)
                if target is not None and run_summary(ctx.analysis, target, _prefixable):
                    start = target.rest.doc_offset(0)
                    fix = Fix.safe(
                        "Move the update into the install's RUN",
                        [
                            Edit(removed_lines(ctx.text, ins), ""),
                            Edit(Span(start, start), ins.rest.text.strip() + " && "),
                        ],
                    )
            yield ctx.violation(
                cmd.span,
                f"`{' '.join(cmd.argv[:2])}` runs without an install in the same RUN; its package lists go stale in the cache",
                fix=fix,
            )
            break
