"""
## What it does
Flags `useradd` with a high numeric UID (100000 or more) and without `-l`
(`--no-log-init`).

## Why is this bad?
`useradd` records every user in `/var/log/lastlog` and `/var/log/faillog`, files indexed by
UID. They are sparse on disk, but the layer stores them expanded: a UID of 100000 writes about
30 MB of zeros into the image, and larger UIDs proportionally more. `-l` skips those records,
which a container never uses.

Unlike hadolint, `--uid` is checked as well as `-u`; a UID from a variable is not judged.

## Example
```dockerfile
FROM debian:12
RUN useradd -u 123456 app
```

## Use instead
```dockerfile
FROM debian:12
RUN useradd -l -u 123456 app
```

## Fix safety
Safe: `-l` only stops useradd from writing the lastlog and faillog records.

## Options
None.

## References
- [useradd(8): -l, --no-log-init](https://man7.org/linux/man-pages/man8/useradd.8.html)
- [Docker docs: USER best practices](https://docs.docker.com/build/building/best-practices/#user)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.commands import command_rule, name_word
from stanzalint.rules.toolkit.edits import option_fix

HIGH_UID = 100000


def _uid(cmd):
    args = cmd.args
    for i, w in enumerate(args):
        v = w.value
        if v in ("-u", "--uid") and i + 1 < len(args):
            return args[i + 1]
        if v.startswith("--uid="):
            return w
    return None


@command_rule(
    code="DL3046",
    names=("useradd",),
    name="useradd-high-uid-without-l",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
)
def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
    if cmd.name != "useradd" or cmd.has_option("-l", "--no-log-init"):
        return
    uid = _uid(cmd)
    if uid is None:
        return
    value = uid.value.split("=", 1)[1] if uid.value.startswith("--uid=") else uid.value
    if not value.isdigit() or int(value) < HIGH_UID:
        return
    fix = option_fix(ctx, name_word(cmd), "-l")
    yield ctx.violation(
        uid.span, f"Add `-l` to `useradd`: UID {value} makes lastlog and faillog huge in the layer", fix=fix
    )
