"""
## What it does
Flags commands that make no sense while building an image: `ssh`, `vim`, `shutdown`,
`service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`.

## Why is this bad?
A RUN step executes once, without a terminal, in a throwaway container that runs no init
system or services. Interactive programs (`vim`, `top`, `ssh`) hang or fail; `service`,
`shutdown` and `kill` act on processes that do not exist or die with the step; `ps`, `free`
and `ifconfig` describe the build container, not the container the image will become; `mount`
lasts only for the step. Such a line is usually copied from a VM provisioning script and
either does nothing useful or breaks the build.

## Example
```dockerfile
FROM debian:12
RUN service nginx start
```

## Use instead
```dockerfile
FROM debian:12
CMD ["nginx", "-g", "daemon off;"]
```

## Fix safety
No automatic fix: what the command was meant to achieve decides the replacement.

## Options
None.

## References
- [Dockerfile reference: RUN](https://docs.docker.com/reference/dockerfile/#run)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.commands import command_rule, name_word

POINTLESS = frozenset({"ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig"})


@command_rule(
    code="DL3001",
    names=POINTLESS,
    name="pointless-command-in-build",
    severity=Severity.INFO,
    fix=FixAvailability.NEVER,
)
def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
    if cmd.name in POINTLESS:
        word = name_word(cmd)
        yield ctx.violation(word.span, f"`{cmd.name}` has no useful effect while building an image")
