"""
## What it does
Flags an `ARG` or `ENV` whose name says it holds a secret: a name made of `_`-separated words
one of which is `apikey`, `auth`, `credential(s)`, `key`, `password`, `passwd`, `pword`,
`secret` or `token` (`DB_PASSWORD`, `GITHUB_TOKEN`, `API_KEY`), unless another word says it is
not secret (`public`, `file`, `version`: `PUBLIC_KEY`, `TOKEN_FILE`). Global `ARG`s before the
first `FROM` are not checked, as in BuildKit's `SecretsUsedInArgOrEnv` build check.

## Why is this bad?
`ENV` values are stored in the image configuration, visible to anyone who can pull the image
(`docker inspect`), and `ARG` values are recorded in the build history and provenance of every
layer built after them. A password passed this way leaks with the image. BuildKit's secret
mounts (`RUN --mount=type=secret,id=...`) give a `RUN` the secret without storing it.

## Example
```dockerfile
FROM python:3.12-slim
ARG PIP_INDEX_TOKEN
RUN pip install --index-url "https://${PIP_INDEX_TOKEN}@pypi.example.com/simple" app
```

## Use instead
```dockerfile
FROM python:3.12-slim
RUN --mount=type=secret,id=pip_token \
    pip install --index-url "https://$(cat /run/secrets/pip_token)@pypi.example.com/simple" app
```

## Fix safety
No automatic fix: moving to a secret mount changes how the build is invoked
(`--secret id=...`).

## Options
None.

## References
- [Docker build checks: SecretsUsedInArgOrEnv](https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/)
- [Docker docs: build secrets](https://docs.docker.com/build/building/secrets/)
"""

from __future__ import annotations

import re
from typing import Iterator

from stanzalint.rules._instructions import stage_body
from stanzalint.rules.base import FixAvailability, RuleContext, Severity, Violation, rule
from stanzalint.syntax.model import Span

_SECRET = re.compile(
    r"(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)", re.I
)
_ALLOWED = re.compile(r"(?:_|^)(?:public|file|version)(?:_|$)", re.I)


def looks_secret(name: str) -> bool:
    return bool(_SECRET.search(name)) and not _ALLOWED.search(name)


@rule(
    code="SZ812",
    name="secrets-used-in-arg-or-env",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    aliases=("SecretsUsedInArgOrEnv", "DS-0031"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for stage in ctx.analysis.stages:
        for ins in stage_body(stage):
            if ins.keyword == "ENV":
                names = [(t.value, t.span) for t in ins.args[0::2]]
            elif ins.keyword == "ARG":
                names = []
                for t in ins.args:
                    name = t.value.partition("=")[0]
                    names.append((name, Span(t.span.start, t.span.start + len(name))))
            else:
                continue
            for name, span in names:
                if looks_secret(name):
                    yield ctx.violation(
                        span,
                        f"{ins.keyword} `{name}` looks like a secret; its value is kept in the image and its history: use a secret mount",
                    )
