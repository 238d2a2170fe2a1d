"""The checks yum and dnf/microdnf share (DL3030/DL3038 ``-y``, DL3032/DL3040 cache cleaning,
DL3033/DL3041 version pins): one body each, run for the tools a rule names (``-y`` and the pins
judge one command at a time, for ``command_rule``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from stanzalint.analysis.model import ShellCommand, Word
from stanzalint.findings import Fix, Violation
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.commands import positionals
from stanzalint.rules.toolkit.edits import append_command, option_fix
from stanzalint.rules.toolkit.packages import (
    RPM_DOWNLOADS,
    RPM_WITH_VALUE,
    cleans,
    is_rpm_module_command,
    judgeable,
    rpm_install,
    rpm_is_pinned,
    rpm_subcommand,
)
from stanzalint.rules.toolkit.shipped import installs_leaving_cache


def _spelled(cmd: ShellCommand, sub: Word) -> str:
    """How the message names the command: ``dnf in``, ``yum module install``."""
    return f"{cmd.name} {'module ' if is_rpm_module_command(cmd) else ''}{sub.value}"


def install_without_yes(ctx: RuleContext, cmd: ShellCommand, tools: Sequence[str]) -> Iterator[Violation]:
    """An install or update by one of ``tools`` without ``-y``; the fix adds it."""
    found = rpm_install(cmd, tools)
    if found is None or cmd.has_option("-y", "--assumeyes", "--yes"):
        return
    sub = found[0]
    fix = option_fix(ctx, sub, "-y")
    yield ctx.violation(sub.span, f"Add `-y` so `{_spelled(cmd, sub)}` does not wait for a confirmation", fix=fix)


def cache_not_cleaned(ctx: RuleContext, tools: Sequence[str], caches: Sequence[str]) -> Iterator[Violation]:
    """An install, reinstall or upgrade by one of ``tools`` that no ``<tool> clean`` or removal of ``caches`` follows
    in the same RUN (a cache mount on them counts too); the fix appends ``<tool> clean all``."""
    found_in = installs_leaving_cache(
        ctx,
        caches,
        lambda cmd: rpm_install(cmd, tools, RPM_DOWNLOADS),
        lambda after: cleans(after, tools),
        tools=set(tools),
    )
    for ins, cmds, cmd, (sub, _rest) in found_in:
        clean = f"{cmd.name} clean all"
        edit = append_command(ctx.text, ins, cmds, clean)
        fix = Fix.safe(f"Append `{clean}` to the RUN", [edit]) if edit else None
        yield ctx.violation(sub.span, f"Run `{clean}` after `{_spelled(cmd, sub)}` in the same RUN", fix=fix)


def unpinned_packages(ctx: RuleContext, cmd: ShellCommand, tools: Sequence[str]) -> Iterator[Violation]:
    """Packages of an ``install`` by one of ``tools`` given without a version, and modules of a
    ``module install`` given without a stream."""
    found = rpm_install(cmd, tools)
    if found is None or rpm_subcommand(found[0]) != "install":
        return
    module = is_rpm_module_command(cmd)
    for word in positionals(found[1], RPM_WITH_VALUE):
        v = word.value
        if not judgeable(word):
            continue
        if module and ":" not in v and not v.startswith("@"):
            yield ctx.violation(word.span, f"Pin the stream of module `{v}` (`{v}:<stream>`)")
        elif not module and not rpm_is_pinned(v):
            yield ctx.violation(word.span, f"Pin the version of `{v}` (`{v}-<version>`)")
