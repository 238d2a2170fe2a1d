"""
## What it does
Flags packages in `apk add` given without a version (`curl` rather than `curl=8.5.0-r0`).

## Why is this bad?
Without a version apk installs whatever the Alpine repository holds at build time, so two
builds of the same Dockerfile can ship different packages. Pinning (`=`, or a constraint with
`~`, `>`, `<`) makes the build repeatable and upgrades visible.

Local `.apk` files and words whose value comes from a variable are not flagged. A repository
tag (`curl@edge`) selects a repository, not a version, and is flagged.

## Example
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl
```

## Use instead
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl=8.9.1-r2
```

## Fix safety
No automatic fix: the right version depends on the Alpine release you build against.

## Options
None.

## References
- [Alpine wiki: apk world constraints](https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Advanced_APK_Usage)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.commands import command_rule, positionals
from stanzalint.rules.toolkit.packages import APK_WITH_VALUE, apk_add, apk_is_pinned, judgeable


@command_rule(
    code="DL3018",
    names=("apk",),
    name="apk-unpinned-packages",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
)
def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
    found = apk_add(cmd)
    if found is None:
        return
    for word in positionals(found[1], APK_WITH_VALUE):
        if judgeable(word) and not apk_is_pinned(word.value):
            name, at, tag = word.value.partition("@")
            yield ctx.violation(word.span, f"Pin the version of `{name}` (`{name}=<version>{at}{tag}`)")
