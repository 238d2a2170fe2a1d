"""
## What it does
Flags packages in `dnf install` (or `microdnf install`, or dnf's alias `in`) given without a
version (`httpd` rather than `httpd-2.4.62-1.fc40`), and modules in `dnf module install` given
without a stream (`nodejs` rather than `nodejs:18`; a profile, `nodejs:18/common`, is fine).

## Why is this bad?
Without a version dnf installs whatever its repositories hold at build time, so two builds of
the same Dockerfile can ship different packages. Naming the version (`name-version`, optionally
with the release) makes the build repeatable and upgrades visible.

Not flagged, unlike hadolint: local `.rpm` files and URLs, groups (`@development`), and words
whose value comes from a variable.

## Example
```dockerfile
FROM fedora:40
RUN dnf install -y httpd && dnf clean all
```

## Use instead
```dockerfile
FROM fedora:40
RUN dnf install -y httpd-2.4.62 && dnf clean all
```

## Fix safety
No automatic fix: the right version depends on the repositories you build against.

## Options
None.

## References
- [dnf command reference: install](https://dnf.readthedocs.io/en/latest/command_ref.html#install-command)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.commands import command_rule
from stanzalint.rules.toolkit.rpm_checks import unpinned_packages

TOOLS = ("dnf", "microdnf")


@command_rule(
    code="DL3041",
    names=TOOLS,
    name="dnf-unpinned-packages",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
)
def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
    return unpinned_packages(ctx, cmd, TOOLS)
