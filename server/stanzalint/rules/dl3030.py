"""
## What it does
Flags `yum install` (also `groupinstall`, `localinstall`) without `-y`.

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

from typing import Iterator

from stanzalint.rules._run_helpers import insert_after, rpm_install, run_commands, word_is_plain
from stanzalint.rules.base import Fix, FixAvailability, RuleContext, Severity, Violation, rule


@rule(code="DL3030", name="yum-install-without-yes", severity=Severity.WARNING, fix=FixAvailability.SOMETIMES)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for _ins, cmds in run_commands(ctx):
        for cmd in cmds:
            found = rpm_install(cmd, ("yum",))
            if found is None or cmd.has_option("-y", "--assumeyes", "--yes"):
                continue
            sub = found[0]
            fix = Fix.safe("Add `-y`", [insert_after(sub, "-y")]) if word_is_plain(ctx, sub) else None
            yield ctx.violation(sub.span, f"Add `-y` so `yum {sub.value}` does not wait for a confirmation", fix=fix)
