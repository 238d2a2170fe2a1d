"""
## What it does
Flags `zypper dist-upgrade` (`zypper dup`) in a RUN.

## Why is this bad?
A distribution upgrade moves every package to the newest versions the repositories offer,
possibly across a release, at build time. The image then differs from what its base tag says it
is, two builds can differ widely, and the layer duplicates most of the base image. Pick a newer
base image instead, and install the specific updates you need.

## Example
```dockerfile
FROM opensuse/leap:15.5
RUN zypper -n dist-upgrade
```

## Use instead
```dockerfile
FROM opensuse/leap:15.6
```

## Fix safety
No automatic fix: choosing the base image to move to is yours.

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
from stanzalint.rules.toolkit.commands import command_rule
from stanzalint.rules.toolkit.packages import zypper_sub


@command_rule(
    code="DL3035",
    names=("zypper",),
    name="zypper-dist-upgrade",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
)
def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
    found = zypper_sub(cmd, "dist-upgrade", "dup")
    if found is not None:
        yield ctx.violation(found[0].span, "Do not upgrade the distribution in a build; use a newer base image")
