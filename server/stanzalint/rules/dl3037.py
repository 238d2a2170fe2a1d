"""
## What it does
Flags packages in `zypper install` given without a version (`curl` rather than
`curl=8.6.0` or `'curl>=8.6'`).

## Why is this bad?
Without a version zypper installs whatever its repositories hold at build time, so two builds
of the same Dockerfile can ship different packages. A version makes the build repeatable and
upgrades visible.

Not flagged, unlike hadolint: patterns, patches and products (`-t pattern devel_basis`), which
have no package version; local `.rpm` files and URLs; words whose value comes from a variable.

## Example
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n install curl && zypper clean
```

## Use instead
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n install curl=8.6.0 && zypper clean
```

## Fix safety
No automatic fix: the right version depends on the repositories you build against.

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
from stanzalint.rules.toolkit.commands import command_rule, positionals
from stanzalint.rules.toolkit.packages import ZYPPER_WITH_VALUE, judgeable, zypper_is_pinned, zypper_sub


@command_rule(
    code="DL3037",
    names=("zypper",),
    name="zypper-unpinned-packages",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
)
def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
    found = zypper_sub(cmd, "install", "in")
    if found is None:
        return
    kind = cmd.option_value("-t", "--type")
    if kind is not None and kind != "package":
        return
    for word in positionals(found[1], ZYPPER_WITH_VALUE):
        if judgeable(word) and not zypper_is_pinned(word.value):
            yield ctx.violation(word.span, f"Pin the version of `{word.value}` (`{word.value}=<version>`)")
