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
destination keep root ownership, which the recursive `chown` would have changed.

## Options
None.

## References
- [Dockerfile reference: COPY --chown --chmod](https://docs.docker.com/reference/dockerfile/#copy---chown---chmod)
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from stanzalint.analysis.model import Stage
from stanzalint.findings import Edit, Fix, FixAvailability, Related, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.commands import has_option, positionals
from stanzalint.rules.toolkit.copies import copied_files
from stanzalint.rules.toolkit.edits import full_lines
from stanzalint.rules.toolkit.paths import is_under, resolve_path
from stanzalint.rules.toolkit.stages import stage_body, workdirs
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
    copies_of = {}
    for stage in ctx.analysis.stages:
        body = stage_body(stage)
        runs = [ins for ins in body if ins.keyword == "RUN"]
        if not runs or not any(c.name in ("chown", "chmod") for ins in runs for c in ctx.analysis.commands(ins)):
            continue
        wd = workdirs(ctx.analysis, stage)
        for s in stage.chain:
            if id(s) not in copies_of:
                copies_of[id(s)] = _copies(ctx, s)
        inherited = [c for base in reversed(stage.chain[1:]) for c in copies_of[id(base)]]
        own = copies_of[id(stage)]
        for i, ins in enumerate(body):
            if ins.keyword != "RUN":
                continue
            copies = inherited + [c for c in own if c[1] < i]
            commands = ctx.analysis.commands(ins)
            for cmd in commands:
                if cmd.name not in ("chown", "chmod") or not has_option(cmd.args, "-R", "--recursive"):
                    continue
                operands = positionals(cmd.args)
                if len(operands) < 2:
                    continue
                setting = operands[0].value
                paths = [resolve_path(wd.get(id(ins)), w.value.rstrip("/") or "/") for w in operands[1:]]
                hits = [
                    c
                    for c in copies
                    if any(p and p != "/" and _rewrites_copied_files(ctx, stage, ins, p, c[3], copies) for p in paths)
                ]
                if not hits:
                    continue
                # the copy whose tree the command rewrites, else the last one into the directory
                within = [c for c in hits if any(p and is_under(p, c[3]) for p in paths)]
                copy_stage, j, copy, dest = (within or hits)[-1]
                flag = "chown" if cmd.name == "chown" else "chmod"
                fix = None
                ok_value = "$" not in setting and (flag == "chown" or re.fullmatch(r"0?[0-7]{3,4}", setting))
                if (
                    copy_stage is stage
                    and len(commands) == 1
                    and len(hits) == 1
                    and len(paths) == 1
                    and paths[0] == dest
                    and ok_value
                    and copy.flag(flag) is None
                    and ins.parent is None
                    and copy.parent is None
                    and not any(b.keyword == "RUN" for b in body[j + 1 : i])
                ):
                    at = copy.keyword_span.end
                    fix = Fix.unsafe(
                        f"Use `{copy.keyword} --{flag}={setting}` and drop the RUN",
                        [
                            Edit(Span(at, at), f" --{flag}={setting}"),
                            Edit(full_lines(ctx.text, ins), ""),
                        ],
                    )
                yield ctx.violation(
                    cmd.span,
                    f"`{cmd.name} -R` rewrites files an earlier {copy.keyword} added, so they are stored twice; "
                    f"use `{copy.keyword} --{flag}=...` instead",
                    fix=fix,
                    related=[Related(copy.keyword_span, "the files are added here")],
                )


def _copies(ctx: RuleContext, stage: Stage) -> list[Copy]:
    """The COPY/ADD instructions of the stage whose destination is known, in order."""
    wd = workdirs(ctx.analysis, stage)
    out: list[Copy] = []
    for i, ins in enumerate(stage_body(stage)):
        if ins.keyword in ("COPY", "ADD"):
            _, dest = copied_files(ins)
            if dest is not None:
                value, ok = ctx.analysis.resolve(dest.value, ins)
                target = resolve_path(wd.get(id(ins)), value) if ok else None
                if target is not None:
                    out.append((stage, i, ins, target))
    return out


def _rewrites_copied_files(
    ctx: RuleContext, stage: Stage, run: Instruction, path: str, dest: str, copies: list[Copy]
) -> bool:
    """A recursive chown/chmod of ``path`` rewrites (essentially) what a copy to ``dest`` put
    there: ``path`` is the copied tree, or inside it when the copy went to a directory of its
    own (not ``/`` or another directory a base image fills: ``COPY --from=xx / /`` says nothing
    about ``/home/user``); or ``path`` holds the copied files and nothing else the file shows:
    it is not a directory a base image fills (``/etc``, ``/opt``), and no path under it that no
    copy put there is used before (``/opt/conda/etc/profile.d/conda.sh``: the base image's conda
    tree, into which only a ``.condarc`` was copied)."""
    if path == dest:
        return True
    if is_under(path, dest):
        return dest != "/" and dest not in _BASE_DIRECTORIES
    if not is_under(dest, path) or path in _BASE_DIRECTORIES:
        return False
    copied = [c[3] for c in copies]
    return not any(
        not any(is_under(m, d) or is_under(d, m) for d in copied) for m in _paths_used_under(ctx, stage, run, path)
    )


def _paths_used_under(ctx: RuleContext, stage: Stage, run: Instruction, directory: str) -> list[str]:
    """Paths below ``directory`` written in the instructions of the stage (and the stages it is
    built on) up to ``run``, ARG and ENV values expanded."""
    pattern = re.compile(rf"(?<![\w.$/-]){re.escape(directory)}/[\w.+@-]+(?:/[\w.+@-]+)*")
    out: list[str] = []
    for s in reversed(stage.chain):
        for ins in stage_body(s):
            text, _ = ctx.analysis.resolve(ctx.source(ins.span), ins)
            out += [posixpath.normpath(m) for m in pattern.findall(text)]
            if ins is run:
                return out
    return out
