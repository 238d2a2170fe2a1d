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

import bisect
from collections.abc import Iterator

from stanzalint.analysis.model import Analysis, Stage
from stanzalint.analysis.stages import stage_starts
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.syntax.model import Instruction


def _last_user(analysis: Analysis, stage: Stage) -> Instruction | None:
    """The last USER with an argument in the stage's chain (``chain_instructions``): the stage's
    own body first, then its bases'. Read off the file's keyword index (``keyword_positions``,
    which a keystroke inside an instruction carries over) and where each stage starts
    (``stage_starts``): no instruction is walked or moved but the USERs of the chain, from the end."""
    dockerfile = analysis.whole.dockerfile
    instructions = dockerfile.instructions
    users = [at for at in dockerfile.keyword_positions.get("USER", ()) if at >= 0]  # an ONBUILD's is ``~at``
    froms = stage_starts(dockerfile) + [len(instructions)]
    for built in stage.chain:  # the stage, then the one it is built on, ...
        start, end = froms[built.index], froms[built.index + 1]
        for at in reversed(users[bisect.bisect_left(users, start) : bisect.bisect_left(users, end)]):
            if instructions[at].args:
                return instructions[at]
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
    last = _last_user(ctx.analysis, final)
    if last is None:
        return
    value, _known = ctx.analysis.resolve(last.args[0].value, last)
    if value.split(":", 1)[0] in ("root", "0"):
        yield ctx.violation(
            last.args[0].span,
            "The image ends as root; switch to an unprivileged USER at the end",
            instruction_line=last.start_line,
        )
