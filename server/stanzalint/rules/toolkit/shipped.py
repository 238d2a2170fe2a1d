"""What ends up in the shipped image: one definition for every rule about caches and build-only
settings (DL3009, DL3019, DL3032, DL3036, DL3040, DL3042, DL3060, SZ403, SZ405, SZ704), and the
installs whose download cache it keeps (``installs_leaving_cache``).

A stage ships when it is the stage built (the last one, or ``--target``) or a stage that one is
built ``FROM``, directly or not. Any other stage is a builder: of its files, only what a shipped
stage copies out of it with ``COPY --from`` (directly, or through further builders) reaches the
image. A cache a builder fills therefore ships only when a copied path contains it and the
builder has not deleted it by the time it is copied. Instructions outside any stage (a fragment
without FROM) and ``ONBUILD`` instructions, which run in images not visible here, always count
as shipped; so does every stage when the target names none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from fnmatch import fnmatchcase
from typing import Callable

from stanzalint.analysis.model import Analysis, ShellCommand, Stage
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.cleanup import removes
from stanzalint.rules.toolkit.commands import later, run_commands, runs_running
from stanzalint.rules.toolkit.copies import copied_files
from stanzalint.rules.toolkit.mounts import mounted
from stanzalint.rules.toolkit.packages import Subcommand
from stanzalint.syntax.model import Instruction

_VARIABLE = re.compile(r"\$\{[^}]*\}|\$\w+")
#: decides whether some later commands of the builder clean the cache (a ``<tool> clean``)
CleanCheck = Callable[[Sequence[ShellCommand]], bool]
#: a RUN, its commands, the install among them and what ``find`` found (its subcommand and the rest)
CacheLeft = tuple[Instruction, list[ShellCommand], ShellCommand, Subcommand]


def stage_ships(analysis: Analysis, stage: Stage | None) -> bool:
    """True when the stage's configuration and files are the image's: the stage built, or one it
    is built on (every stage counts when there is none, or when the target names none)."""
    if stage is None or analysis.final_stage is None:
        return True
    return analysis.may_be_shipped(stage)


def ships(analysis: Analysis, ins: Instruction, paths: Sequence[str], cleaned: CleanCheck | None = None) -> bool:
    """True when files ``ins`` writes under any of ``paths`` (absolute, ``*`` matching one path
    component) reach the shipped image: ``ins`` is in a shipped stage, or a shipped stage copies
    a directory holding them out of this builder (or of a stage built on it) before a later
    ``rm`` of them or a command ``cleaned`` accepts."""
    stage = analysis.stage_of(ins)
    if ins.parent is not None or stage is None or stage_ships(analysis, stage):
        return True
    targets = [[part for part in path.split("/") if part] for path in paths]
    for holder in analysis.holders(stage):
        for copy in analysis.copies_out_of(holder):
            sources = [_components(source) for source in _copied_paths(analysis, copy)]
            if not any(_contains(source, target) for source in sources for target in targets):
                continue
            if _cleaned_before_copy(analysis, ins, holder, paths, cleaned):
                continue
            if _stage_files_ship(analysis, analysis.stage_of(copy), set()):
                return True
    return False


def _copied_paths(analysis: Analysis, copy: Instruction) -> list[str]:
    """The source paths of a COPY/ADD ``--from``, resolved and made absolute."""
    return [_absolute(analysis.resolve(t.value, copy)) for t in copied_files(copy)[0]]


def _absolute(resolved: tuple[str, bool]) -> str:
    """A ``COPY --from`` source as an absolute path (relative ones start at the stage's root);
    an unknown variable matches one path component (``/opt/app-${VERSION}``), or anything when
    its text spans components."""
    value, known = resolved
    if not known:
        if any("/" in m.group(0) for m in _VARIABLE.finditer(value)):
            return "/"
        value = _VARIABLE.sub("*", value)
    value = value.strip("\"'")
    return value if value.startswith("/") else "/" + value.lstrip("./")


def _components(path: str) -> list[str]:
    """The components of an absolute path, ``.`` left out (``/opt/./app/`` gives opt, app)."""
    return [part for part in path.split("/") if part not in ("", ".")]


def _contains(source: list[str], path: list[str]) -> bool:
    """True when copying ``source`` copies ``path`` or part of it (components, either may have
    ``*``): a component without a wildcard matches only itself, so only those with one are
    matched as patterns."""
    for s, t in zip(source, path):
        if s == t and not _has_wildcard(s):
            continue
        if not (_has_wildcard(s) or _has_wildcard(t)) or not (fnmatchcase(t, s) or fnmatchcase(s, t)):
            return False
    return True


def _has_wildcard(component: str) -> bool:
    """Whether ``fnmatchcase`` reads the component as more than its letters."""
    return "*" in component or "?" in component or "[" in component


def _stage_files_ship(analysis: Analysis, stage: Stage | None, seen: set[int]) -> bool:
    """True when anything of ``stage`` reaches the shipped image (it ships, or a stage whose
    files ship copies out of it or of a stage built on it)."""
    if stage is None or stage_ships(analysis, stage):
        return True
    if stage.index in seen:
        return False
    seen.add(stage.index)
    return any(
        _stage_files_ship(analysis, analysis.stage_of(copy), seen)
        for holder in analysis.holders(stage)
        for copy in analysis.copies_out_of(holder)
    )


def _cleaned_before_copy(
    analysis: Analysis, ins: Instruction, holder: Stage, paths: Sequence[str], cleaned: CleanCheck | None
) -> bool:
    """A RUN after ``ins``, in ``holder`` or a stage it is built on, deletes the cache."""
    for stage in holder.chain:
        for run in stage.body:
            if run.keyword != "RUN" or run.span.start <= ins.span.start:
                continue
            commands = analysis.commands(run)
            if (cleaned is not None and cleaned(commands)) or removes(commands, *paths):
                return True
    return False


def installs_leaving_cache(
    ctx: RuleContext,
    caches: Sequence[str],
    find: Callable[[ShellCommand], Subcommand | None],
    cleaned: CleanCheck,
    tools: AbstractSet[str] | None = None,
) -> Iterator[CacheLeft]:
    """The first install of each RUN (a command ``find`` accepts) whose download cache under
    ``caches`` reaches the shipped image: no cache or tmpfs mount covers it, no later command of the
    RUN cleans it (``cleaned``) or removes it, and ``ships`` says the files are shipped. ``tools``:
    the names of the commands ``find`` may accept (a RUN running none is passed over), None: any."""
    for ins, cmds in run_commands(ctx) if tools is None else runs_running(ctx, tools):
        if mounted(ins, *caches):
            continue
        for cmd in cmds:
            found = find(cmd)
            if found is None:
                continue
            after = later(cmds, cmd)
            if cleaned(after) or removes(after, *caches) or not ships(ctx.analysis, ins, caches, cleaned):
                continue
            yield ins, cmds, cmd, found
            break
