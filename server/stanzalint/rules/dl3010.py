"""
## What it does
Flags a `COPY` of a local tar archive that a later `RUN` of the same stage unpacks with
`tar -x`. Relative paths, in the `COPY` destination and in `tar -f`, are read against the
`WORKDIR` in effect; Windows paths (`C:\\app\\app.tar.gz`, any case, either separator) are
compared as Windows does. A destination without a trailing `/` counts as the file's name or as
a directory that receives it.

Left alone: archives copied `--from` another stage or image (ADD has no `--from`), zip files
(ADD does not unpack zip, so `unzip` or `Expand-Archive` after a COPY is the way to go), and
paths hidden by a variable whose value is unknown.

## Why is this bad?
The archive is copied into a layer, then unpacked into another: the compressed file stays in the
image (a later `rm` cannot take it out of the earlier layer), and the build does two steps where
one does. `ADD` unpacks a local tar archive (gzip, bzip2, xz) straight into the destination in a
single layer.

## Example
```dockerfile
FROM debian:12-slim
COPY vendor.tar.gz /tmp/
RUN tar -xzf /tmp/vendor.tar.gz -C /opt
```

## Use instead
```dockerfile
FROM debian:12-slim
ADD vendor.tar.gz /opt/
```

## Fix safety
No automatic fix: `ADD` unpacks into the destination directory, and the `tar` options (`-C`,
`--strip-components`) must be translated by hand.

## Options
None.

## References
- [Dockerfile reference: ADD](https://docs.docker.com/reference/dockerfile/#add)
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Related, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.copies import copy_operands, is_archive
from stanzalint.rules.toolkit.stages import Workdirs, bodies
from stanzalint.syntax.model import Instruction, Token

_DRIVE = re.compile(r"[A-Za-z]:")


@rule(
    code="DL3010",
    name="copy-then-extract-archive",
    severity=Severity.INFO,
    fix=FixAvailability.NEVER,
    practice="c",
    scope="stage",
    reads=("shell", "global-args", "base-stages"),
    reads_commands=("tar",),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    stage_workdirs = Workdirs(ctx.analysis)
    for stage, instructions in bodies(ctx.analysis):
        cwd = stage_workdirs.of(stage, instructions)
        copied: dict[str, tuple[Instruction, Token]] = {}
        reported = set()
        for ins in instructions:
            if ins.keyword == "COPY" and ins.flag("from") is None:
                for path, token in _archive_targets(ctx, ins, cwd.get(id(ins))):
                    copied[path] = (ins, token)
            elif ins.keyword == "RUN" and copied:  # a RUN before any archive is copied extracts none
                for cmd in ctx.analysis.commands(ins):
                    target = _absolute(_extracted(ctx, cmd), cwd.get(id(ins)))
                    hit = copied.get(target) if target else None
                    if hit is not None and id(hit[1]) not in reported:
                        reported.add(id(hit[1]))
                        yield ctx.violation(
                            hit[1].span,
                            "This archive is unpacked by a later RUN; ADD unpacks it in one layer",
                            related=[Related(cmd.span, "unpacked here")],
                            instruction_line=hit[0].start_line,
                        )


def _comparable(path: str) -> str:
    """``path`` normalised for comparison; Windows paths (``C:\\app``) with ``/`` separators
    and in lower case, as Windows ignores case."""
    if _DRIVE.match(path):
        path = path.replace("\\", "/").lower()
    return posixpath.normpath(path)


def _absolute(path: str | None, cwd: str | None) -> str | None:
    """``path`` made absolute against the working directory and comparable; None when unknown."""
    if not path:
        return None
    if path.startswith("/") or _DRIVE.match(path):
        return _comparable(path)
    if cwd is None:
        return None
    return _comparable(cwd.rstrip("/\\") + "/" + path)


def _archive_targets(ctx: RuleContext, ins: Instruction, cwd: str | None) -> list[tuple[str, Token]]:
    """Where each archive the COPY copies lands. A destination without a trailing separator is
    a file of that name, or a directory if one exists there: both places count."""
    sources, dest = copy_operands(ins)
    if dest is None:
        return []
    dest_value, known = ctx.analysis.resolve(dest.value, ins)
    if not known:
        return []
    into_directory = dest_value.endswith(("/", "\\")) or len(sources) > 1
    out = []
    for token in sources:
        src, ok = ctx.analysis.resolve(token.value, ins)
        if not ok or not is_archive(src):
            continue
        inside = dest_value.rstrip("/\\") + "/" + re.split(r"[/\\]", src)[-1]
        for path in [inside] if into_directory else [dest_value, inside]:
            target = _absolute(path, cwd)
            if target is not None:
                out.append((target, token))
    return out


def _extracted(ctx: RuleContext, cmd) -> str | None:
    """The archive path a ``tar`` extraction reads (``-f``), as written."""
    if cmd.name != "tar":
        return None
    args = [w.value for w in cmd.args]
    if not args:
        return None
    first = args[0]
    extract = (
        "--extract" in args
        or "--get" in args
        or any(a.startswith("-") and not a.startswith("--") and "x" in a for a in args)
    )
    if not extract and not first.startswith("-") and "x" in first:
        extract = True
    if not extract:
        return None
    for i, a in enumerate(args):
        if a.startswith("--file="):
            return a.split("=", 1)[1]
        if a.startswith("-") and not a.startswith("--") and a.endswith("f") and i + 1 < len(args):
            return _as_written(ctx, cmd.args[i + 1])
    return None


def _as_written(ctx: RuleContext, word) -> str:
    """A word's value; for a Windows path (``C:\\app\\x.tar``) its text without quotes, as a
    POSIX shell would read its backslashes as escapes where cmd and PowerShell do not."""
    raw = ctx.dockerfile.text[word.span.start : word.span.end].strip("'\"")
    return raw if _DRIVE.match(raw) else word.value
