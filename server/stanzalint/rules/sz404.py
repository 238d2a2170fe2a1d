"""
## What it does
Flags `chown -R` or `chmod -R` in a RUN over files that an earlier `COPY`/`ADD` of the same
stage added (its destination, a directory under it, or a directory above it).

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

import re
from typing import Iterator, List

from stanzalint.rules._practice_helpers import (
    copy_operands,
    full_lines,
    has_flag,
    is_under,
    positionals,
    resolve_path,
    stage_body,
    workdirs,
)
from stanzalint.findings import Edit, Fix, FixAvailability, Related, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.syntax.model import Span


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
    for stage in ctx.analysis.stages:
        body = stage_body(stage)
        wd = workdirs(ctx.analysis, stage)
        copies = []  # (index, instruction, destination)
        for i, ins in enumerate(body):
            if ins.keyword in ("COPY", "ADD"):
                _, dest = copy_operands(ins)
                if dest is not None:
                    value, ok = ctx.analysis.resolve(dest.value, ins)
                    target = resolve_path(wd.get(id(ins)), value) if ok else None
                    if target is not None:
                        copies.append((i, ins, target))
                continue
            if ins.keyword != "RUN":
                continue
            commands = ctx.analysis.commands(ins)
            for cmd in commands:
                if cmd.name not in ("chown", "chmod") or not has_flag(cmd.args, "-R", "--recursive"):
                    continue
                operands = positionals(cmd.args)
                if len(operands) < 2:
                    continue
                setting = operands[0].value
                paths = [resolve_path(wd.get(id(ins)), w.value.rstrip("/") or "/") for w in operands[1:]]
                hits = [(j, c, d) for j, c, d in copies
                        if any(p and p != "/" and (is_under(p, d) or is_under(d, p)) for p in paths)]
                if not hits:
                    continue
                j, copy, dest = hits[-1]
                flag = "chown" if cmd.name == "chown" else "chmod"
                fix = None
                ok_value = "$" not in setting and (flag == "chown" or re.fullmatch(r"0?[0-7]{3,4}", setting))
                if (len(commands) == 1 and len(hits) == 1 and len(paths) == 1 and paths[0] == dest and ok_value
                        and copy.flag(flag) is None and ins.parent is None and copy.parent is None
                        and not any(b.keyword == "RUN" for b in body[j + 1:i])):
                    at = copy.keyword_span.end
                    fix = Fix.unsafe(f"Use `{copy.keyword} --{flag}={setting}` and drop the RUN", [
                        Edit(Span(at, at), f" --{flag}={setting}"),
                        Edit(full_lines(ctx.text, ins), ""),
                    ])
                yield ctx.violation(
                    cmd.span,
                    f"`{cmd.name} -R` rewrites files an earlier {copy.keyword} added, so they are stored twice; "
                    f"use `{copy.keyword} --{flag}=...` instead",
                    fix=fix,
                    related=[Related(copy.keyword_span, "the files are added here")],
                )
