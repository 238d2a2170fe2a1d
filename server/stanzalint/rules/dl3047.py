"""
## What it does
Flags `wget` run without a quieter progress display (`--progress=...`, `-q`, `-nv`) or a log
file (`-o`, `-a`).

## Why is this bad?
Without a terminal, wget's default "dot" progress prints a line for every few dozen kilobytes.
Downloading a large archive then floods the build log with thousands of lines, which slows
CI log handling and buries the output that matters. `--progress=dot:giga` keeps progress at
one line per 32 MB; `-q` or `-nv` remove it.

## Example
```dockerfile
FROM debian:12
RUN wget https://example.com/archive.tar.gz
```

## Use instead
```dockerfile
FROM debian:12
RUN wget --progress=dot:giga https://example.com/archive.tar.gz
```

## Fix safety
Safe: `--progress=dot:giga` only changes how progress is printed. No fix on Alpine and busybox
images, whose `wget` is busybox's, which has no `--progress` (the RUN would fail); `-q` works
with both.

## Options
None.

## References
- [wget manual: --progress](https://www.gnu.org/software/wget/manual/wget.html#Download-Options)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.commands import command_rule, name_word, short_letters
from stanzalint.rules.toolkit.edits import option_fix

_WITH_VALUE = "oaOtTwPUeiBYQ"


def _quiet(cmd) -> bool:
    if cmd.has_option("--progress", "--quiet", "--no-verbose", "--output-file", "--append-output"):
        return True
    if any(w.value in ("-nv", "--no-verbose") for w in cmd.args):
        return True
    letters = short_letters([w for w in cmd.args if w.value != "-nv"], _WITH_VALUE)
    return any(ch in letters for ch in "qoa")


def _busybox_wget(ctx: RuleContext, cmd: ShellCommand) -> bool:
    """Whether ``wget`` may be busybox's, which has no ``--progress``: the stage's root image is an
    Alpine or busybox one (an ``apk add wget`` would bring GNU wget, but the fix does not look)."""
    from stanzalint.knowledge import os_family

    stage = ctx.analysis.stage_of(cmd.instruction)
    image = stage.chain[-1].image if stage is not None else None
    facts = os_family(image) if image is not None and not image.unresolved else None
    return facts is not None and (facts.family == "alpine" or facts.distro == "busybox")


@command_rule(
    code="DL3047",
    names=("wget",),
    name="wget-without-progress",
    severity=Severity.INFO,
    fix=FixAvailability.SOMETIMES,
    reads=("root-image",),  # busybox's wget has no --progress: no fix on its images
)
def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
    if cmd.name != "wget" or _quiet(cmd):
        return
    word = name_word(cmd)
    fix = None if _busybox_wget(ctx, cmd) else option_fix(ctx, word, "--progress=dot:giga")
    yield ctx.violation(
        word.span, "Add `--progress=dot:giga` (or `-q`/`-nv`) so wget does not flood the build log", fix=fix
    )
