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

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.commands import name_word, run_commands

POINTLESS = frozenset({"ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig"})


@rule(
    code="DL3001",
    name="pointless-command-in-build",
    severity=Severity.INFO,
    fix=FixAvailability.NEVER,
    scope="instruction",
    reads=("shell",),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for _ins, cmds in run_commands(ctx):
        for cmd in cmds:
            if cmd.name in POINTLESS:
                word = name_word(cmd)
                yield ctx.violation(word.span, f"`{cmd.name}` has no useful effect while building an image")
