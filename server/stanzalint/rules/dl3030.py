"""
## What it does
Flags `yum install` (also `groupinstall`, `localinstall`, `module install`) without `-y`.

## Why is this bad?
A build has no terminal to answer yum's "Is this ok [y/N]". Without `-y` (`--assumeyes`) yum
waits for an answer that never comes and the build fails.

## Example
```dockerfile
FROM centos:7
RUN yum install httpd-2.4.6 && yum clean all
```

## Use instead
```dockerfile
FROM centos:7
RUN yum install -y httpd-2.4.6 && yum clean all
```

## Fix safety
Safe: `-y` only answers the confirmation prompt the build cannot answer.

## Options
None.

## References
- [yum(8)](https://man7.org/linux/man-pages/man8/yum.8.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.commands import command_rule
from stanzalint.rules.toolkit.rpm_checks import install_without_yes

TOOLS = ("yum",)


@command_rule(
    code="DL3030",
    names=TOOLS,
    name="yum-install-without-yes",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
)
def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
    return install_without_yes(ctx, cmd, TOOLS)
