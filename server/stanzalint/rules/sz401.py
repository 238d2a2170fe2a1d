"""
## What it does
Flags a RUN that only deletes or cleans up (`rm -rf /var/lib/apt/lists/*`, `apt-get clean`,
`apt-get purge`/`autoremove`, `pip cache purge`, `conda clean`, `npm cache clean`,
`yum clean all`, `apk del`, `rm -rf /tmp/*` ...) what an earlier instruction of the same stage
created.

## Why is this bad?
Layers only add. Files created in one layer and deleted in the next are still in the image,
in the lower layer; the delete only hides them. The image is exactly as large as without the
cleanup, plus one more layer. The cleanup shrinks the image only in the same RUN that created
the files.

The finding points at the instruction that created the files. A cleanup with nothing in the
stage to clean up after (only the base image's files) is not flagged.

## Example
```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends build-essential
RUN rm -rf /var/lib/apt/lists/*
```

## Use instead
```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
 && rm -rf /var/lib/apt/lists/*
```

## Fix safety
The fix appends the cleanup to the creating RUN and deletes the separate one. Safe when only
`ENV`, `ARG`, `LABEL`, `EXPOSE` and similar instructions stand between the two; unsafe when
other instructions do. The fold never moves a removal ahead of a use of what it removes, so
there is no fix when an instruction in between:

- runs a command of a removed package (`setcap` after `apt-get remove libcap2-bin`, `wget`
  after `apt-get remove wget`), or may: a removed package whose commands are not known
  (libraries, compilers, `git`), `autoremove` or a virtual package, with a RUN in between;
- names a deleted path, or uses the package manager whose lists or cache are deleted;
- runs a script (`./install.sh`, `bash setup.sh`) whose commands the file does not show;
- is a `USER` (the cleanup would run as another user), or a `WORKDIR` when the cleanup
  deletes relative paths.

No fix either when the files came from `COPY`/`ADD`, when either RUN is exec form, a heredoc or
has flags, or when the cleanup ends with `&` (after `&&`, the whole install would go to the
background) or leaves a quote or a substitution open.

## Options
None.

## References
- [Docker docs: understanding image layers](https://docs.docker.com/get-started/docker-concepts/building-images/understanding-image-layers/)
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from typing import NamedTuple

from stanzalint.analysis.model import ShellCommand
from stanzalint.findings import Edit, Fix, FixAvailability, Related, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.cleanup import Needs, Removal, needs_of, removals
from stanzalint.rules.toolkit.commands import first_positionals, runs_hidden_commands, tool_of
from stanzalint.rules.toolkit.copies import copied_files
from stanzalint.rules.toolkit.edits import append_command, removed_lines, script_ending
from stanzalint.rules.toolkit.paths import PathIndex, resolve_path
from stanzalint.rules.toolkit.run_summaries import run_summaries
from stanzalint.rules.toolkit.stages import INERT_KEYWORDS, Workdirs, stage_body
from stanzalint.syntax.model import Instruction

# cleanup kind -> tools whose install creates what it removes
_CREATORS = {
    "apt": ("apt-get",),
    "apk": ("apk",),
    "rpm": ("yum", "dnf", "microdnf"),
    "conda": ("conda", "mamba", "micromamba"),
    "pip": ("pip", "uv"),
    "npm": ("npm", "yarn"),
}
_PATH_KIND = (
    ("/var/lib/apt", "apt"),
    ("/var/cache/apt", "apt"),
    ("/var/cache/apk", "apk"),
    ("/var/cache/yum", "rpm"),
    ("/var/cache/dnf", "rpm"),
    ("/pkgs", "conda"),
    (".cache/pip", "pip"),
    (".npm", "npm"),
)


def _cleanup_kind(cmd: ShellCommand) -> list[str] | None:
    """What a cleanup command cleans (kinds, or paths for a plain rm), or None when the command
    is not a cleanup."""
    tool, args = tool_of(cmd)
    sub = first_positionals(args, 2)
    if tool == "apt-get" and sub[0] in ("clean", "autoclean", "autoremove", "purge", "remove"):
        return ["apt"]
    if tool in ("yum", "dnf", "microdnf") and sub[0] in ("clean", "autoremove", "remove", "erase"):
        return ["rpm"]
    if tool == "apk" and (sub[0] == "del" or sub == ["cache", "clean"]):
        return ["apk"]
    if tool in ("conda", "mamba", "micromamba") and sub[0] == "clean":
        return ["conda"]
    if tool == "pip" and sub[0] == "cache":
        return ["pip"]
    if tool in ("npm", "yarn") and sub[0] == "cache":
        return ["npm"]
    if tool == "rm":
        paths = [w.value for w in args if not w.value.startswith("-")]
        kinds = []
        for p in paths:
            kind = next((k for needle, k in _PATH_KIND if needle in p), None)
            kinds.append(kind or "path:" + p)
        return kinds or None
    if tool in ("true", "set"):
        return []
    return None


#: subcommands with which a ``_CREATORS`` tool creates what its cleanup removes
_CREATING = frozenset({"install", "add", "update", "create", "ci", "i", "upgrade"})


#: how a cleanup's script may end (``script_ending``) for the fold to append it after ``&&``: not
#: with ``&`` (the whole install would go to the background) nor left open (``echo "a``)
_FOLDED_ENDINGS = frozenset({"word", ";"})


class _Run(NamedTuple):
    """What the rule reads of one RUN's commands, with no position in it (its ``reads_runs``)."""

    cleanup: tuple[tuple[str, ...], ...] | None  # each command's ``_cleanup_kind``, when it only cleans up
    creates: tuple[str, ...]  # the kinds whose files it creates (installs with a ``_CREATORS`` tool)
    words: tuple[str, ...]  # the absolute words of its commands that are not cleanups
    needs: Needs | None  # what it may need of what a cleanup removes; None: anything (a hidden script)
    removed: tuple[Removal, ...]  # for a cleanup: what it removes
    fold: str | None  # for a cleanup chained with ``&&`` outside subshells: the script the fold appends


def _summary(commands: list[ShellCommand]) -> _Run:
    """What a RUN with these commands cleans up and creates, and what it may need of another
    cleanup's removals."""
    kinds = [_cleanup_kind(c) for c in commands]
    cleanup = None
    removed: list[Removal] = []
    fold = None
    if commands and all(k is not None for k in kinds) and any(kinds):
        cleanup = tuple(tuple(k) for k in kinds if k is not None)
        removed = [r for c, k in zip(commands, cleanup) for r in removals(c, k)]
        chained = all(c.connector in (None, "&&") and not c.in_subshell for c in commands)
        if chained and script_ending(commands[0].instruction, commands) in _FOLDED_ENDINGS:
            fold = commands[0].instruction.rest.text.strip()
    creates: set[str] = set()
    words: list[str] = []
    for c, k in zip(commands, kinds):
        tool, args = tool_of(c)
        if first_positionals(args, 1)[0] in _CREATING:
            creates.update(kind for kind, tools in _CREATORS.items() if tool in tools)
        if k is None:
            words.extend(w.value for w in c.args if w.value.startswith("/"))
    needs = None if any(runs_hidden_commands(c) for c in commands) else needs_of(commands)
    return _Run(cleanup, tuple(sorted(creates)), tuple(words), needs, tuple(removed), fold)


class _Creators:
    """Where each instruction of a stage body creates what a cleanup removes, indexed once, so
    that finding the creator a cleanup follows does not walk back through the stage for every
    cleanup: the RUNs installing with each tool's kind (``_CREATORS``), the absolute words of
    RUN commands other than cleanups (a path one starts with is created there, sorted so that
    those are found by a binary search), and where each COPY/ADD puts its files (a path under
    it, or holding it, is created there)."""

    def __init__(self, body: list[Instruction], runs: dict[int, _Run], wd: dict[int, str | None]) -> None:
        self.kinds: dict[str, list[int]] = {}
        self.targets: PathIndex[int] = PathIndex()
        words: list[tuple[str, int]] = []
        for at, ins in enumerate(body):
            if ins.keyword in ("COPY", "ADD"):
                _, dest = copied_files(ins)
                target = resolve_path(wd.get(id(ins)), dest.value) if dest is not None else None
                if target is not None:
                    self.targets.add(target, at)
            elif ins.keyword == "RUN":
                run = runs[at]
                for kind in run.creates:
                    self.kinds.setdefault(kind, []).append(at)
                words.extend((word, at) for word in run.words)
        self.words = sorted(words)

    def last_before(self, at: int, kind: str) -> int | None:
        """The place of the last instruction before ``at`` that creates what ``kind`` cleans."""
        if not kind.startswith("path:"):
            places = self.kinds.get(kind, [])
            i = bisect_left(places, at)
            return places[i - 1] if i else None
        path = kind[5:].rstrip("*").rstrip("/") or "/"
        if not path.startswith("/") or path == "/":
            return None
        copied = self.targets.related(path)
        return max([place for place in copied if place < at] + self._words_starting_with(path, at), default=None)

    def _words_starting_with(self, path: str, at: int) -> list[int]:
        """The places before ``at`` of the RUN words that start with ``path``."""
        found = []
        for i in range(bisect_left(self.words, (path,)), len(self.words)):
            word, place = self.words[i]
            if not word.startswith(path):
                break
            if place < at:
                found.append(place)
        return found


def _needed_between(cleanup: _Run, between: list[Instruction], runs: dict[int, _Run], at: int) -> bool:
    """Moving ``cleanup`` ahead of ``between`` (the instructions from place ``at`` of the stage's
    body) may break one: it uses what the cleanup removes, runs it as another user, or does
    something the file does not show."""
    kinds = cleanup.cleanup or ()
    relative = any(k.startswith("path:") and not k[5:].startswith("/") for ks in kinds for k in ks)
    for place, ins in enumerate(between, at):
        if ins.keyword == "USER" or (ins.keyword == "WORKDIR" and relative):
            return True
        if ins.keyword == "RUN":
            needs = runs[place].needs
            if needs is None or any(needs.uses(r) for r in cleanup.removed):
                return True
    return False


@rule(
    code="SZ401",
    name="cleanup-in-separate-layer",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    practice="d",
    scope="stage",
    reads=("shell", "global-args", "base-stages"),
    reads_runs=_summary,
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    stage_workdirs = Workdirs(ctx.analysis)
    for stage in ctx.analysis.stages:
        body = stage_body(stage)
        places = [i for i, ins in enumerate(body) if ins.keyword == "RUN"]
        runs = dict(zip(places, run_summaries(ctx.analysis, [body[i] for i in places], _summary)))
        creators = None  # indexed at the stage's first cleanup
        for i, run in runs.items():
            if run.cleanup is None:
                continue
            if creators is None:
                creators = _Creators(body, runs, stage_workdirs.of(stage))
            found = [creators.last_before(i, k) for ks in run.cleanup for k in ks]
            at = max((place for place in found if place is not None), default=None)
            if at is None:
                continue
            ins = body[i]
            commands = ctx.analysis.commands(ins)
            creator = body[at]
            fix = None
            simple = not ins.flags and not ins.is_json and not ins.heredocs
            if (
                run.fold is not None
                and creator.keyword == "RUN"
                and simple
                and not creator.heredocs
                and ins.parent is None
            ):
                edit = append_command(ctx.text, creator, ctx.analysis.commands(creator), run.fold, into_heredoc=True)
                between = body[at + 1 : i]
                if edit is not None and not _needed_between(run, between, runs, at + 1):
                    edits = [edit, Edit(removed_lines(ctx.text, ins), "")]
                    title = "Fold the cleanup into the RUN that created the files"
                    fix = (
                        Fix.safe(title, edits)
                        if all(b.keyword in INERT_KEYWORDS for b in between)
                        else Fix.unsafe(title, edits)
                    )
            yield ctx.violation(
                ins.keyword_span if len(commands) > 1 else commands[0].span,
                "This RUN only cleans up; the files stay in the earlier layer, so do the cleanup in the RUN that created them",
                fix=fix,
                related=[Related(creator.keyword_span, "the files are created here")],
            )
