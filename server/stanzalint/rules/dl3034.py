"""
## What it does
Flags `zypper install`, `remove`, `source-install` and `patch` (and their short forms) run
without `-n` (`--non-interactive`) or the command's `-y` (`--no-confirm`).

## Why is this bad?
A build has no terminal to answer zypper's "Continue? [y/n/...]". Without a non-interactive
switch zypper waits, then fails, and the build stops.

## Example
```dockerfile
FROM opensuse/leap:15.6
RUN zypper install curl=8.6.0 && zypper clean
```

## Use instead
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n install curl=8.6.0 && zypper clean
```

## Fix safety
Safe: the global `-n` only makes zypper take the default answers instead of asking.

## Options
None.

## References
- [zypper(8)](https://en.opensuse.org/SDB:Zypper_manual)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.commands import command_rule, name_word
from stanzalint.rules.toolkit.edits import option_fix
from stanzalint.rules.toolkit.packages import zypper_sub

ASKING = ("install", "in", "remove", "rm", "source-install", "si", "patch")


@command_rule(
    code="DL3034",
    names=("zypper",),
    name="zypper-without-non-interactive",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
)
def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
    found = zypper_sub(cmd, *ASKING)
    if found is None or cmd.has_option("-n", "--non-interactive", "-y", "--no-confirm"):
        return
    fix = option_fix(ctx, name_word(cmd), "-n")
    yield ctx.violation(
        found[0].span, f"Add `-n` so `zypper {found[0].value}` does not wait for a confirmation", fix=fix
    )
