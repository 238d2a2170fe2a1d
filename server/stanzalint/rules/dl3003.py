"""
## What it does
Flags `cd` in a RUN script; `WORKDIR` sets the directory instead.

## Why is this bad?
A `cd` lasts only until the end of its RUN, so the next RUN silently starts elsewhere and
long `cd a && ... && cd ../b` chains are easy to get wrong. `WORKDIR` states the directory once,
creates it if needed, applies to every later RUN, COPY, CMD and ENTRYPOINT, and shows in the
image configuration.

`cd` inside a nested `sh -c '...'` script is not flagged (hadolint does not look there
either): that script runs in its own shell and `WORKDIR` cannot replace it.

## Example
```dockerfile
FROM debian:12
RUN cd /app && make
```

## Use instead
```dockerfile
FROM debian:12
WORKDIR /app
RUN make
```

## Fix safety
No automatic fix: moving the directory change into `WORKDIR` also changes where later
instructions run.

## Options
None.

## References
- [Dockerfile reference: WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
- [Docker docs: WORKDIR best practices](https://docs.docker.com/build/building/best-practices/#workdir)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.commands import command_rule, name_word


@command_rule(
    code="DL3003",
    names=("cd",),
    name="cd-instead-of-workdir",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    aliases=("DS-0013",),
)
def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
    if cmd.name == "cd" and not cmd.via_shell_c:
        yield ctx.violation(name_word(cmd).span, "Use WORKDIR to change directory instead of `cd`")
