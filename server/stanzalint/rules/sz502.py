"""
## What it does
Flags a `useradd`/`adduser` whose user nothing switches to: no later `USER` in the stage or in
a stage built on it names the user (or its uid), and no `gosu`/`su-exec`/`su`/`runuser`/
`sudo -u` in the stage's commands runs anything as that user.

Names that come from a shell variable the build cannot know (`for name in alice bob; do
useradd $name; done`) are not flagged: those are login accounts for a multi-user service.

## Why is this bad?
Creating a user does not make anything run as it. The usual intent is a non-root runtime
user, and forgetting the `USER` line leaves the container running as root while the
Dockerfile looks as if it did not: reviewers see `useradd app` and move on. The account itself
then only adds an entry to `/etc/passwd` and a home directory to the image.

In the final stage, when the image ends as root, SZ501 (final-stage-runs-as-root) reports the
problem and offers the same `USER` line; this rule stays quiet there so the finding is not
reported twice. It still reports an unused user in builder stages and in final stages that
end as some other non-root user.

## Example
```dockerfile
FROM python:3.12-slim AS app
RUN useradd --create-home analyst
RUN pip install --no-cache-dir pandas==2.2.2
USER nobody
```

## Use instead
```dockerfile
FROM python:3.12-slim AS app
RUN useradd --create-home analyst
RUN pip install --no-cache-dir pandas==2.2.2
USER analyst
```

## Fix safety
Unsafe: adds `USER <name>` at the end of the stage (before a trailing `CMD`/`ENTRYPOINT`/
`EXPOSE`/`HEALTHCHECK`/`STOPSIGNAL`/`LABEL` block), which changes the user later stages and
the container run as. No fix when the name comes from a shell variable a `USER` line cannot see,
or when a stage built on this one has `RUN` steps (they would stop running as root).

## Options
None.

## References
- [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
- [useradd(8)](https://man7.org/linux/man-pages/man8/useradd.8.html)
"""

from __future__ import annotations

import re
from typing import Iterator, List

from stanzalint.analysis.model import Analysis, Stage
from stanzalint.rules._stage_helpers import (
    CreatedUser,
    created_users,
    descendants,
    end_of_stage_insertion,
    own_instructions,
    user_matches,
    user_used_elsewhere,
)
from stanzalint.rules.base import Edit, Fix, FixAvailability, RuleContext, Severity, Violation, rule
from stanzalint.rules.sz501 import root_finding


@rule(
    code="SZ502",
    name="created-user-not-used",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    practice="e",
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    analysis = ctx.analysis
    final_as_root = root_finding(analysis, ctx.path) is not None
    for stage in analysis.stages:
        if final_as_root and analysis.is_shipped(stage):
            continue  # SZ501 reports it, with the same fix
        later = descendants(analysis, stage)
        for user in created_users(analysis, stage):
            if "$" in user.name and not _buildkit_known(analysis, user):
                continue  # users created in a loop (``for name in ...; useradd $name``): logins
            if _switched_to(stage, later, user) or user_used_elsewhere(analysis, [stage] + later, user):
                continue
            yield ctx.violation(
                user.word.span,
                f"User `{user.name}` is created but nothing switches to it: add `USER {user.name}`",
                fix=_fix(analysis, stage, later, user),
            )


def _buildkit_known(analysis: Analysis, user: CreatedUser) -> bool:
    """True when every variable in the user's name is an ARG/ENV the build knows."""
    visible = analysis.visible_vars(user.instruction)
    names = re.findall(r"\$\{?(\w+)", user.name)
    return all(n in visible for n in names)


def _switched_to(stage: Stage, later: List[Stage], user: CreatedUser) -> bool:
    seen = False
    for ins in own_instructions(stage):
        if ins is user.instruction:
            seen = True
        elif seen and ins.keyword == "USER" and ins.args and user_matches(ins.args[0].value, user):
            return True
    for other in later:
        for ins in own_instructions(other):
            if ins.keyword == "USER" and ins.args and user_matches(ins.args[0].value, user):
                return True
    return False


def _fix(analysis: Analysis, stage: Stage, later: List[Stage], user: CreatedUser):
    if any(ins.keyword == "RUN" for other in later for ins in own_instructions(other)):
        return None  # a stage built on this one still runs commands that may need root
    if not user.word.literal and "$" not in user.name:
        return None
    span, text = end_of_stage_insertion(analysis, stage, [f"USER {user.name}"])
    return Fix.unsafe(f"Append USER {user.name}", [Edit(span, text)])
