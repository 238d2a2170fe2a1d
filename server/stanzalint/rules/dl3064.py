"""
## What it does
Flags an `ARG` or `ENV` whose name says it holds a secret: a word such as `password`, `token`,
`secret`, `key`, `auth`, `apikey` or `credentials` between underscores (`GITHUB_TOKEN`,
`DB_PASSWORD`, `AWS_SECRET_ACCESS_KEY`). Names with the word `public` are left alone.

## Why is this bad?
`ENV` values are stored in the image configuration and `ARG` values in its build history: anyone
who can pull the image reads them with `docker history` or `docker inspect`, long after the
build. Build secrets belong in `RUN --mount=type=secret`, runtime secrets in the orchestrator's
secret store.

Names are split on underscores, so `TOKENIZERS_PARALLELISM` or `KEYBOARD_LAYOUT` are not
flagged, where hadolint's substring match flags the first.

## Example
```dockerfile
FROM python:3.12-slim
ARG GITHUB_TOKEN
RUN pip install --no-cache-dir "git+https://${GITHUB_TOKEN}@github.com/org/private.git"
```

## Use instead
```dockerfile
FROM python:3.12-slim
RUN --mount=type=secret,id=github_token \
    pip install --no-cache-dir "git+https://$(cat /run/secrets/github_token)@github.com/org/private.git"
```

## Fix safety
No automatic fix: moving a secret to a mount changes how the build is invoked.

## Options
None.

## References
- [Build checks: SecretsUsedInArgOrEnv](https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/)
- [Docker docs: build secrets](https://docs.docker.com/build/building/secrets/)
"""

from __future__ import annotations

import re
from typing import Iterator

from stanzalint.rules.base import FixAvailability, RuleContext, Severity, Violation, rule

_SECRET = re.compile(r"(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)", re.I)
_PUBLIC = re.compile(r"(?:_|^)public(?:_|$)", re.I)


@rule(code="DL3064", name="secret-in-arg-or-env", severity=Severity.WARNING, fix=FixAvailability.NEVER, practice="e", aliases=())
def check(ctx: RuleContext) -> Iterator[Violation]:
    for decl in ctx.analysis.decls:
        if decl.kind not in ("ARG", "ENV") or decl.instruction is None or decl.name_span is None:
            continue
        if _SECRET.search(decl.name) and not _PUBLIC.search(decl.name):
            yield ctx.violation(
                decl.name_span,
                f"`{decl.name}` looks like a secret; {decl.kind} values stay readable in the image",
                instruction_line=decl.instruction.start_line,
            )
