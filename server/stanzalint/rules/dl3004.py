"""
## What it does
Flags `sudo` in a RUN script.

## Why is this bad?
RUN already executes as the current `USER`. If that is root, `sudo` is useless and only adds a
package (and a setuid binary) to the image; if it is not, `sudo` needs a password prompt the
build cannot answer or a sudoers rule that lets anyone in the container become root. It also
handles signals and TTYs in ways that surprise PID 1. Switch users with `USER` around the
steps that need root, and use `gosu` or `su-exec` when an entrypoint must drop privileges.

## Example
```dockerfile
FROM debian:12
USER app
RUN sudo apt-get update
```

## Use instead
```dockerfile
FROM debian:12
RUN apt-get update
USER app
```

## Fix safety
No automatic fix: which user should run the step is a design decision.

## Options
None.

## References
- [Docker docs: USER best practices](https://docs.docker.com/build/building/best-practices/#user)
- [gosu](https://github.com/tianon/gosu)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand
from stanzalint.analysis.shell_wrappers import basename
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.commands import command_rule


@command_rule(
    code="DL3004",
    name="sudo-in-run",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    aliases=("DS-0010",),
)
def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
    for word in cmd.words[: cmd.index + 1]:
        if basename(word.value) == "sudo":
            yield ctx.violation(word.span, "Do not use `sudo` in a build; set USER for the steps instead")
            break
