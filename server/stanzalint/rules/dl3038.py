"""
## What it does
Flags `dnf install` or `microdnf install` (also its alias `in`, `groupinstall`, `localinstall`,
`module install`) without `-y`.

## Why is this bad?
A build has no terminal to answer dnf's "Is this ok [y/N]". Without `-y` (`--assumeyes`) dnf
waits for an answer that never comes and the build fails.

## Example
```dockerfile
FROM fedora:40
RUN dnf install httpd-2.4.62 && dnf clean all
```

## Use instead
```dockerfile
FROM fedora:40
RUN dnf install -y httpd-2.4.62 && dnf clean all
```

## Fix safety
Safe: `-y` only answers the confirmation prompt the build cannot answer.

## Options
None.

## References
- [dnf command reference](https://dnf.readthedocs.io/en/latest/command_ref.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.commands import command_rule
from stanzalint.rules.toolkit.rpm_checks import install_without_yes

TOOLS = ("dnf", "microdnf")


@command_rule(
    code="DL3038",
    names=TOOLS,
    name="dnf-install-without-yes",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
)
def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
    return install_without_yes(ctx, cmd, TOOLS)
