"""
## What it does
Flags a final image whose last `USER` is root: the `USER root` (or `USER 0`) that stays in effect
at the end of the stage that is shipped.

## Why is this bad?
Processes in the container run as that user. Running as root means a bug or an exploited
dependency acts with root's rights inside the container, can write everywhere in the image's
filesystem, and is one kernel or runtime flaw away from root on the host. Switching to root to
install packages is fine, as long as the image ends on an unprivileged user.

Only the stage that is built (the last one, or `--target`) and the stages it is built on through
`FROM <stage>` count: a builder stage that ends as root ships nothing. hadolint also flags the
last `USER root` of builder stages; stanzalint does not:

```dockerfile
FROM golang:1.23 AS build
USER root            # hadolint flags this; the stage is not shipped
RUN go build -o /app .
FROM gcr.io/distroless/static-debian12
USER 65532
COPY --from=build /app /app
```

## Example
```dockerfile
FROM python:3.12-slim
USER root
RUN pip install --no-cache-dir flask==3.0.3
```

## Use instead
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir flask==3.0.3
USER 10001
```

## Fix safety
No automatic fix: the unprivileged user must exist and own what the program writes.

## Options
None.

## References
- [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
- [Docker docs: USER best practices](https://docs.docker.com/build/building/best-practices/#user)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import Stage
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.stages import stage_body
from stanzalint.syntax.model import Instruction


def _last_user(stage: Stage) -> Instruction | None:
    """The last USER with an argument in the stage's chain (``chain_instructions``): looked for
    from the end, the stage's own body first, then its bases', so only the instructions after it
    are read."""
    for built in stage.chain:  # the stage, then the one it is built on, ...
        for ins in reversed(stage_body(built)):
            if ins.keyword == "USER" and ins.args:
                return ins
    return None


@rule(
    code="DL3002",
    name="last-user-root",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    practice="e",
    aliases=("DS-0002", "CKV_DOCKER_8"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    final = ctx.analysis.final_stage
    if final is None:
        return
    last = _last_user(final)
    if last is None:
        return
    value, _known = ctx.analysis.resolve(last.args[0].value, last)
    if value.split(":", 1)[0] in ("root", "0"):
        yield ctx.violation(
            last.args[0].span,
            "The image ends as root; switch to an unprivileged USER at the end",
            instruction_line=last.start_line,
        )
