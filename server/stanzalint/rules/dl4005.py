"""
## What it does
Flags `ln` that replaces `/bin/sh` (for example `ln -sf /bin/bash /bin/sh`).

## Why is this bad?
Relinking `/bin/sh` changes the shell of every script and package maintainer script in the
image, not only your RUN steps, and it is invisible in the image configuration. `SHELL` changes
the shell of the following RUN, CMD and ENTRYPOINT shell forms explicitly, and leaves the
system shell alone.

## Example
```dockerfile
FROM debian:12
RUN ln -sf /bin/bash /bin/sh
```

## Use instead
```dockerfile
FROM debian:12
SHELL ["/bin/bash", "-c"]
```

## Fix safety
No automatic fix: scripts run at container start may depend on the relinked `/bin/sh`.

## Options
None.

## References
- [Dockerfile reference: SHELL](https://docs.docker.com/reference/dockerfile/#shell)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.commands import positionals, runs_running

SYSTEM_SHELLS = ("/bin/sh", "/usr/bin/sh")


@rule(
    code="DL4005",
    name="relink-bin-sh",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    scope="instruction",
    reads=("shell",),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for ins, cmds in runs_running(ctx, {"ln"}):
        if ins.is_json:
            continue  # ``RUN ["ln", ...]``: there is no shell yet for SHELL to name
        for cmd in cmds:
            if cmd.name != "ln":
                continue
            pos = positionals(cmd.args, ("-S", "--suffix", "-t", "--target-directory"))
            if len(pos) >= 2 and pos[-1].value in SYSTEM_SHELLS:
                yield ctx.violation(pos[-1].span, "Use SHELL to change the shell instead of relinking /bin/sh")
