"""
## What it does
Flags a `COPY` of a local tar archive that a later `RUN` of the same stage unpacks with
`tar -x`.

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
from typing import Dict, Iterator, List, Optional, Tuple

from stanzalint.rules._instructions import bodies, is_archive, operands
from stanzalint.rules.base import FixAvailability, Related, RuleContext, Severity, Violation, rule
from stanzalint.syntax.model import Instruction, Token


@rule(code="DL3010", name="copy-then-extract-archive", severity=Severity.INFO, fix=FixAvailability.NEVER, practice="c")
def check(ctx: RuleContext) -> Iterator[Violation]:
    for _stage, instructions in bodies(ctx.analysis):
        copied: Dict[str, Tuple[Instruction, Token]] = {}
        reported = set()
        for ins in instructions:
            if ins.keyword == "COPY" and ins.flag("from") is None:
                for path, token in _archive_targets(ctx, ins):
                    copied[path] = (ins, token)
            elif ins.keyword == "RUN":
                for cmd in ctx.analysis.commands(ins):
                    target = _extracted(cmd)
                    hit = copied.get(target) if target else None
                    if hit is not None and id(hit[1]) not in reported:
                        reported.add(id(hit[1]))
                        yield ctx.violation(hit[1].span, "This archive is unpacked by a later RUN; ADD unpacks it in one layer", related=[Related(cmd.span, "unpacked here")], instruction_line=hit[0].start_line)


def _archive_targets(ctx: RuleContext, ins: Instruction) -> List[Tuple[str, Token]]:
    sources, dest = operands(ins)
    if dest is None:
        return []
    dest_value, known = ctx.analysis.resolve(dest.value, ins)
    if not known:
        return []
    out = []
    for token in sources:
        src, ok = ctx.analysis.resolve(token.value, ins)
        if not ok or not is_archive(src):
            continue
        if dest_value.endswith("/") or len(sources) > 1:
            path = posixpath.join(dest_value, posixpath.basename(src))
        else:
            path = dest_value
        out.append((posixpath.normpath(path), token))
    return out


def _extracted(cmd) -> Optional[str]:
    """The archive path a ``tar`` extraction reads (``-f``), absolute or as written."""
    if cmd.name != "tar":
        return None
    args = [w.value for w in cmd.args]
    if not args:
        return None
    first = args[0]
    extract = "--extract" in args or "--get" in args or any(a.startswith("-") and not a.startswith("--") and "x" in a for a in args)
    if not extract and not first.startswith("-") and "x" in first:
        extract = True
    if not extract:
        return None
    for i, a in enumerate(args):
        if a.startswith("--file="):
            return posixpath.normpath(a.split("=", 1)[1])
        if a.startswith("-") and not a.startswith("--") and a.endswith("f") and i + 1 < len(args):
            return posixpath.normpath(args[i + 1])
    return None
