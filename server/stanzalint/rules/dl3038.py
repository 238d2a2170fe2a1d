"""
## What it does
Flags `dnf install` or `microdnf install` (also `groupinstall`, `localinstall`) without `-y`.

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

from typing import Iterator

from stanzalint.rules._run_helpers import insert_after, rpm_install, run_commands, word_is_plain
from stanzalint.rules.base import Fix, FixAvailability, RuleContext, Severity, Violation, rule


@rule(code="DL3038", name="dnf-install-without-yes", severity=Severity.WARNING, fix=FixAvailability.SOMETIMES)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for _ins, cmds in run_commands(ctx):
        for cmd in cmds:
            found = rpm_install(cmd, ("dnf", "microdnf"))
            if found is None or cmd.has_option("-y", "--assumeyes", "--yes"):
                continue
            sub = found[0]
            fix = Fix.safe("Add `-y`", [insert_after(sub, "-y")]) if word_is_plain(ctx, sub) else None
            yield ctx.violation(sub.span, f"Add `-y` so `{cmd.name} {sub.value}` does not wait for a confirmation", fix=fix)
