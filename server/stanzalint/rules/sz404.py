"""
## What it does
Flags `chown -R` or `chmod -R` in a RUN over files that an earlier `COPY`/`ADD` of the same
stage, or of a stage it is built `FROM`, added: the copy's destination, a directory under it,
or a directory above it that holds (essentially) only copied files.

Left alone, because the command mostly rewrites files the base image brought, which
`COPY --chown`/`--chmod` cannot reach:

- a directory above the copy that a base image fills: `/etc`, `/opt`, `/usr/local` and the
  other system directories;
- a directory above the copy that the file shows holding other files: a path below it that
  no copy put there is used first (`COPY condarc /opt/conda/.condarc`, then
  `. /opt/conda/etc/profile.d/conda.sh`, then `chmod -R 777 /opt/conda`: the conda tree comes
  from the base image);
- a path inside a copy to `/` or to a system directory (`COPY --from=tools / /`, then
  `chown -R user /home/user`): nothing says the copy put files there.

## Why is this bad?
Changing owner or mode rewrites every file it touches into a new layer. The copied files are
then stored twice: once as copied, once with the new owner or mode, and the image grows by the
size of everything under that path. `COPY --chown=user:group` and `COPY --chmod=755` set owner
and mode as the files are written, in one layer.

## Example
```dockerfile
COPY . /app
RUN chown -R app:app /app
```

## Use instead
```dockerfile
COPY --chown=app:app . /app
```

## Fix safety
Unsafe: the fix adds `--chown=`/`--chmod=` to the COPY and deletes the RUN. It is offered only
when the RUN does nothing else, the path is exactly the COPY's destination, one COPY put files
there, and no RUN stands between the two (a RUN could have created the user the flag names, or
files the command also changed). `--chown` resolves names with the image's `/etc/passwd` at
that point, and `--chmod` takes octal modes only. Directories the COPY creates above its
destination keep root ownership, which the recursive `chown` would have changed. No fix either
when the destination is the working directory (or below it: `WORKDIR /app` made it, and the flag
leaves a directory that exists as it is), with `--link` and an owner by name (the flag then
takes numbers only), or when the command has other options (`--from`) or writes `user.group`.
Files an earlier RUN made under the destination are not checked: they keep their owner.

## Options
None.

## References
- [Dockerfile reference: COPY --chown --chmod](https://docs.docker.com/reference/dockerfile/#copy---chown---chmod)
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Hashable, Iterator
from typing import NamedTuple

from stanzalint.analysis.model import Analysis, ShellCommand, Stage
from stanzalint.findings import Edit, Fix, FixAvailability, Related, Severity, Violation
from stanzalint.lru import WeightedLRU
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.commands import has_option, positionals
from stanzalint.rules.toolkit.copies import copied_files
from stanzalint.rules.toolkit.edits import removed_lines
from stanzalint.rules.toolkit.kept_parts import KeptStageParts
from stanzalint.rules.toolkit.paths import PathIndex, is_under, resolve_path
from stanzalint.rules.toolkit.run_summaries import run_summaries, run_summary
from stanzalint.rules.toolkit.stages import Workdirs, stage_body
from stanzalint.syntax.model import Instruction, Span

#: directories a base image fills (a distribution's, or where images install software): a
#: recursive chown/chmod of one rewrites mostly the base image's files, whatever was copied in
_BASE_DIRECTORIES = frozenset(
    {
        "/bin",
        "/boot",
        "/etc",
        "/home",
        "/lib",
        "/lib64",
        "/opt",
        "/root",
        "/sbin",
        "/usr",
        "/usr/bin",
        "/usr/lib",
        "/usr/local",
        "/usr/local/bin",
        "/usr/local/lib",
        "/usr/share",
        "/var",
        "/var/lib",
        "/var/cache",
        "/var/log",
    }
)

Copy = tuple[Stage, int, Instruction, str]  # stage, index in its body, COPY/ADD, destination

#: a path written in an instruction, as the look-back for paths below a directory finds them
_PATH_WORD = re.compile(r"(?<![\w.$/-])/[\w.+@-]+(?:/[\w.+@-]+)*")
#: a directory whose paths below are each one ``_PATH_WORD``
_PLAIN_DIRECTORY = re.compile(r"(?:/[\w.+@-]+)+")


@rule(
    code="SZ404",
    name="ownership-change-in-separate-layer",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    practice="d",
    scope="stage",
    reads=("shell", "global-args", "base-stages"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    inputs = _Inputs(ctx)
    checked = [
        s for s in ctx.analysis.stages if any(_RUN_PARTS.of(ctx.analysis, s).parts)
    ]  # a RUN changes owner or mode
    keys = {id(s): inputs.of(s) for s in checked}
    found = {id(s): _FOUND.get(keys[id(s)]) for s in checked}
    missing = [s for s in checked if found[id(s)] is None]
    if missing:
        changes = {id(s): _recursive_changes(ctx, s) for s in missing}
        for stage, findings, texts_read in _find(ctx, missing, changes, inputs.depth):
            found[id(stage)] = findings
            if not texts_read:
                _FOUND.put(keys[id(stage)], findings)
    for stage in checked:
        for finding in found[id(stage)] or ():
            yield _violation(ctx, stage, finding)


class _Found(NamedTuple):
    """A finding about a stage, as places in it and in the stages it is built on (no offsets)."""

    run: int  # the RUN's place in the stage's body
    command: int  # the chown or chmod's place among the RUN's commands
    name: str  # chown or chmod
    setting: str  # the owner or mode it sets
    copy_stage: int  # the stage of the copy it rewrites, as the number of FROMs down from the stage
    copy: int  # the copy's place in that stage's body
    fix: bool  # whether the flag can replace the RUN


#: each stage's findings by what decides them (``_Inputs.of``), when no instruction's text was read
_FOUND: WeightedLRU[tuple[Hashable, ...], tuple[_Found, ...]] = WeightedLRU(
    max_weight=256_000, weigh=lambda key, _found: int(key[0]), max_entries=1024
)
#: a stage as the stages built on it read it (``_Inputs.token``) -> an object standing for it
_BASES: WeightedLRU[tuple[Hashable, ...], object] = WeightedLRU(
    max_weight=256_000, weigh=lambda key, _token: int(key[0]), max_entries=4096
)


class _Inputs:
    """What decides a stage's findings, unless a finding reads the text of the instructions before
    it (``_Before.paths_named_below``): the global ARGs, the escape character, the text of every
    instruction of the stage and of the stages it is built on (FROM and ONBUILD included), except
    their RUNs: of those, only where they stand, and the stage's own recursive chown and chmod
    with the RUN's number of commands (their text decides nothing else). The stages it is built on
    stand as one token each (made of its own text and its base's token), so that each is read once
    however many stages are built on it. The texts and each RUN's chown and chmod are carried
    from the last keystroke's parse (``_TEXTS``, ``_RUN_PARTS``): a keystroke asks only what it
    read again."""

    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        first = ctx.analysis.whole.stages[0].from_instruction.span.start if ctx.analysis.whole.stages else 0
        self.file = (ctx.text[:first], ctx.dockerfile.escape)
        self._tokens: dict[int, object] = {}  # stage index -> its ``token``
        self._depths: dict[int, int] = {}  # stage index -> its number of FROMs down to an image

    def of(self, stage: Stage) -> tuple[Hashable, ...]:
        """The key of ``stage``'s findings: first its weight (the length of its own texts)."""
        texts = _TEXTS.of(self.ctx.analysis, stage)
        runs = _RUN_PARTS.of(self.ctx.analysis, stage).parts
        return (texts.weight, self.file, self.token(stage.base_stage), texts.parts, runs)

    def token(self, stage: Stage | None) -> object:
        """The token of ``stage`` as the stages built on it read it (None for an image)."""
        pending = []
        at = stage
        while at is not None and at.index not in self._tokens:
            pending.append(at)
            at = at.base_stage
        for walked in reversed(pending):  # the oldest first
            texts = _TEXTS.of(self.ctx.analysis, walked)
            key = (texts.weight, texts.parts, self.token(walked.base_stage))
            token = _BASES.get(key)
            if token is None:
                token = object()
                _BASES.put(key, token)
            self._tokens[walked.index] = token
        return None if stage is None else self._tokens[stage.index]

    def depth(self, stage: Stage) -> int:
        """The number of FROMs from ``stage`` down to an image."""
        pending = []
        at: Stage | None = stage
        while at is not None and at.index not in self._depths:
            pending.append(at)
            at = at.base_stage
        below = -1 if at is None else self._depths[at.index]
        for walked in reversed(pending):
            below = self._depths[walked.index] = below + 1
        return self._depths[stage.index]


def _find(
    ctx: RuleContext,
    stages: list[Stage],
    changes: dict[int, dict[int, tuple[Change, ...]]],
    depth: Callable[[Stage], int],
) -> Iterator[tuple[Stage, tuple[_Found, ...], bool]]:
    """The findings about each of ``stages``, and whether they read the text of an instruction
    (so depend on more than ``_inputs``)."""
    found: dict[int, list[_Found]] = {id(s): [] for s in stages}
    texts_read: set[int] = set()
    previous_run: dict[int, int] = {}
    for stage, i, ins, before in _runs_after_what_came_before(ctx, stages):
        last_run = previous_run.get(id(stage), -1)
        previous_run[id(stage)] = i
        wd = before.workdirs.get(id(ins))
        for k, name, setting, operands, plain in changes[id(stage)][i]:
            paths = [resolve_path(wd, value.rstrip("/") or "/") for value in operands]
            before.texts_read = False
            hits = _copies_rewritten(before, [p for p in paths if p and p != "/"])
            if before.texts_read:
                texts_read.add(id(stage))
            if not hits:
                continue
            # the copy whose tree the command rewrites, else the last one into the directory
            within = [c for c in hits if any(p and is_under(p, c[3]) for p in paths)]
            copy_stage, j, copy, dest = (within or hits)[-1]
            flag = "chown" if name == "chown" else "chmod"
            ok_value = "$" not in setting and (flag == "chown" or re.fullmatch(r"0?[0-7]{3,4}", setting))
            fix = (
                copy_stage is stage
                and plain
                and _flag_takes(copy, flag, setting)
                and not _made_before(before.workdirs.get(id(copy)), dest)
                and len(ctx.analysis.commands(ins)) == 1
                and len(hits) == 1
                and len(paths) == 1
                and paths[0] == dest
                and bool(ok_value)
                and copy.flag(flag) is None
                and ins.parent is None
                and copy.parent is None
                and last_run < j
            )
            found[id(stage)].append(_Found(i, k, name, setting, depth(stage) - depth(copy_stage), j, fix))
    for stage in stages:
        yield stage, tuple(found[id(stage)]), id(stage) in texts_read


def _violation(ctx: RuleContext, stage: Stage, found: _Found) -> Violation:
    """The finding ``found`` about ``stage``, where its instructions now stand."""
    ins = stage_body(stage)[found.run]
    copy_stage = stage
    for _ in range(found.copy_stage):
        copy_stage = copy_stage.base_stage  # type: ignore[assignment]  # as many FROMs as there were
    copy = stage_body(copy_stage)[found.copy]
    flag = "chown" if found.name == "chown" else "chmod"
    fix = None
    if found.fix:
        at = copy.keyword_span.end
        fix = Fix.unsafe(
            f"Use `{copy.keyword} --{flag}={found.setting}` and drop the RUN",
            [Edit(Span(at, at), f" --{flag}={found.setting}"), Edit(removed_lines(ctx.text, ins), "")],
        )
    return ctx.violation(
        ctx.analysis.commands(ins)[found.command].span,
        f"`{found.name} -R` rewrites files an earlier {copy.keyword} added, so they are stored twice; "
        f"use `{copy.keyword} --{flag}=...` instead",
        fix=fix,
        related=[Related(copy.keyword_span, "the files are added here")],
    )


#: a recursive ``chown`` or ``chmod`` of a RUN: its place among the RUN's commands, its name, the
#: owner or mode it sets, the paths it changes as written, and whether the COPY flag would set
#: the same (no option but ``-R`` and output ones: ``--from`` changes only some files; no
#: ``user.group``, which the flag reads as one name)
Change = tuple[int, str, str, tuple[str, ...], bool]

#: the options of chown and chmod that do not change what they set
_OUTPUT_OPTIONS = frozenset({"-R", "--recursive", "-v", "--verbose", "-c", "--changes", "-f", "--silent", "--quiet"})


def _flag_takes(copy: Instruction, flag: str, setting: str) -> bool:
    """Whether ``COPY --flag=setting`` builds: with ``--link``, ``--chown`` takes only numbers."""
    if flag != "chown" or copy.flag("link") is None:
        return True
    return all(part.isdigit() for part in setting.split(":"))


def _made_before(workdir: str | None, dest: str) -> bool:
    """Whether the copy's destination directory existed before it, made by the WORKDIR in effect
    (``WORKDIR /app`` then ``COPY . .``): ``COPY --chown`` leaves a directory that exists as it
    is, so the directory itself would stay root's."""
    return workdir is not None and (workdir == dest or is_under(workdir, dest))


#: what decides a RUN's findings: its recursive chown and chmod, and its number of commands
_RunPart = tuple[tuple[Change, ...], int]


def _changes(commands: list[ShellCommand]) -> tuple[Change, ...]:
    """The recursive ``chown`` and ``chmod`` commands among ``commands`` that name a path."""
    found = []
    for k, cmd in enumerate(commands):
        if cmd.name not in ("chown", "chmod") or not has_option(cmd.args, "-R", "--recursive"):
            continue
        operands = positionals(cmd.args)
        if len(operands) >= 2:
            setting = operands[0].value
            options = {w.value.split("=", 1)[0] for w in cmd.args if w.value.startswith("-")}
            plain = options <= _OUTPUT_OPTIONS and not (cmd.name == "chown" and "." in setting and ":" not in setting)
            found.append((k, cmd.name, setting, tuple(w.value for w in operands[1:]), plain))
    return tuple(found)


def _text(analysis: Analysis, ins: Instruction) -> str | None:
    """An instruction's text, None for a RUN (its ``_run_part`` stands for it)."""
    return None if ins.keyword == "RUN" else analysis.dockerfile.text[ins.span.start : ins.span.end]


def _run_part(analysis: Analysis, ins: Instruction) -> _RunPart | None:
    """What decides a RUN's findings: its recursive chown and chmod with its number of commands
    (None without them, and for any other instruction)."""
    changes = run_summary(analysis, ins, _changes) if ins.keyword == "RUN" else None
    return (changes, len(analysis.commands(ins))) if changes else None


def _length(text: str | None) -> int:
    return len(text) if text is not None else 0


#: each stage's ``_text`` and ``_run_part`` of each instruction, carried from one keystroke's parse to the next
_TEXTS: KeptStageParts[str | None] = KeptStageParts(_text, _length)
_RUN_PARTS: KeptStageParts[_RunPart | None] = KeptStageParts(_run_part)


def _recursive_changes(ctx: RuleContext, stage: Stage) -> dict[int, tuple[Change, ...]]:
    """The recursive ``chown`` and ``chmod`` of each RUN of the stage, by the RUN's place in
    the stage's body."""
    body = stage_body(stage)
    places = [i for i, ins in enumerate(body) if ins.keyword == "RUN"]
    return dict(zip(places, run_summaries(ctx.analysis, [body[i] for i in places], _changes)))


class _Before:
    """What the instructions walked so far did (a stage's, after those of the stages it is built
    on, oldest first): the copies, filed by destination, and the paths the instructions name
    below a directory (their text is read only when a finding asks)."""

    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        self.copies: PathIndex[Copy] = PathIndex()
        self.walked: list[Instruction] = []
        self.workdirs: dict[int, str | None] = {}  # of the stage being walked
        # the texts of ``walked[: len(texts)]``, ARG and ENV values expanded, and their path words
        self.texts: list[str] = []
        self.named: PathIndex[str] = PathIndex()  # path word as written -> normalised
        self.named_marks: list[int] = []
        self.odd: list[int] = []  # texts where a path can start inside a path word (``c++/9``)
        self.texts_read = False  # set by ``paths_named_below``

    def mark(self) -> tuple[int, int]:
        return self.copies.mark(), len(self.walked)

    def rollback(self, mark: tuple[int, int]) -> None:
        copies, walked = mark
        self.copies.rollback(copies)
        del self.walked[walked:]
        if len(self.texts) > walked:
            self.named.rollback(self.named_marks[walked])
            del self.texts[walked:], self.named_marks[walked:]
            while self.odd and self.odd[-1] >= walked:
                self.odd.pop()

    def walk(self, stage: Stage, i: int, ins: Instruction) -> None:
        self.walked.append(ins)
        if ins.keyword in ("COPY", "ADD"):
            _, dest = copied_files(ins)
            if dest is not None:
                value, ok = self.ctx.analysis.resolve(dest.value, ins)
                target = resolve_path(self.workdirs.get(id(ins)), value) if ok else None
                if target is not None:
                    self.copies.add(target, (stage, i, ins, target))

    def paths_named_below(self, directory: str) -> list[str]:
        """Paths below ``directory`` written in the instructions walked, ARG and ENV values
        expanded, normalised: looked up among their path words, except that the texts where a
        path can start inside another, and every text for a directory holding other characters
        (a space), are searched again."""
        self.texts_read = True
        for ins in self.walked[len(self.texts) :]:
            text, _ = self.ctx.analysis.resolve(self.ctx.source(ins.span), ins)
            self.named_marks.append(self.named.mark())
            if "+/" in text or "@/" in text:
                self.odd.append(len(self.texts))
            else:
                for word in _PATH_WORD.findall(text):
                    self.named.add(word, posixpath.normpath(word))
            self.texts.append(text)
        if not _PLAIN_DIRECTORY.fullmatch(directory):
            return [p for text in self.texts for p in _paths_below(text, directory)]
        return self.named.below(directory) + [p for at in self.odd for p in _paths_below(self.texts[at], directory)]


def _paths_below(text: str, directory: str) -> list[str]:
    """Paths below ``directory`` written in ``text``, normalised: what ``_PATH_WORD`` finds,
    for any directory and text."""
    pattern = re.compile(rf"(?<![\w.$/-]){re.escape(directory)}/[\w.+@-]+(?:/[\w.+@-]+)*")
    return [posixpath.normpath(m) for m in pattern.findall(text)]


def _runs_after_what_came_before(
    ctx: RuleContext, stages: list[Stage]
) -> Iterator[tuple[Stage, int, Instruction, _Before]]:
    """Each RUN of ``stages`` (index in its stage's body), with what its stage and the stages it
    is built on did before it (its own text included). Each of these stages is walked once, down
    the tree of stages built on one another: what a stage did is taken back before its sibling."""
    members: dict[int, Stage] = {}
    for stage in stages:
        at: Stage | None = stage
        while at is not None and id(at) not in members:
            members[id(at)] = at
            at = at.base_stage
    children: dict[int | None, list[Stage]] = {}
    for stage in sorted(members.values(), key=lambda s: s.index):
        children.setdefault(id(stage.base_stage) if stage.base_stage is not None else None, []).append(stage)
    wanted = {id(s) for s in stages}
    before = _Before(ctx)
    stage_workdirs = Workdirs(ctx.analysis)
    todo: list[tuple[Stage, tuple[int, int] | None]] = [(s, None) for s in reversed(children.get(None, []))]
    while todo:
        stage, mark = todo.pop()
        if mark is not None:
            before.rollback(mark)
            continue
        todo.append((stage, before.mark()))
        before.workdirs = stage_workdirs.of(stage)
        for i, ins in enumerate(stage_body(stage)):
            before.walk(stage, i, ins)
            if ins.keyword == "RUN" and id(stage) in wanted:
                yield stage, i, ins, before
        todo.extend((child, None) for child in reversed(children.get(id(stage), [])))


def _copies_rewritten(before: _Before, paths: list[str]) -> list[Copy]:
    """The copies walked whose files a recursive chown/chmod of ``paths`` rewrites, in the order
    they were made."""
    hits = {(c[0].index, c[1]): c for path in paths for c in _copies_rewritten_at(before, path)}
    return [hits[key] for key in sorted(hits)]


def _copies_rewritten_at(before: _Before, path: str) -> list[Copy]:
    """The copies walked whose files a recursive chown/chmod of ``path`` rewrites (essentially):
    ``path`` is the copied tree, or inside it when the copy went to a directory of its own (not
    ``/`` or another directory a base image fills: ``COPY --from=xx / /`` says nothing about
    ``/home/user``); or ``path`` holds the copied files and nothing else the file shows: it is
    not a directory a base image fills (``/etc``, ``/opt``), and no path under it that no copy
    put there is used before (``/opt/conda/etc/profile.d/conda.sh``: the base image's conda
    tree, into which only a ``.condarc`` was copied)."""
    copies = before.copies
    found = copies.at(path) + [c for c in copies.above(path) if c[3] != "/" and c[3] not in _BASE_DIRECTORIES]
    below = copies.below(path)
    if below and path not in _BASE_DIRECTORIES and _holds_only_copies(before, path):
        found += below
    return found


def _holds_only_copies(before: _Before, directory: str) -> bool:
    """Every path below ``directory`` that the instructions walked name is one a copy put there
    (or a directory above one)."""
    copies = before.copies
    return all(copies.related(p) for p in before.paths_named_below(directory))
