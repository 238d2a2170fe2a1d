"""
## What it does
Flags an `ARG` or `ENV` whose name says it holds a secret: a part of the name, between
underscores, that is `password`, `secret`, `token` or `private` (or their plurals), or the
sequences `api_key` and `aws_access_key` (`GITHUB_TOKEN`, `DB_PASSWORD`, `AWS_SECRET_ACCESS_KEY`,
`PRIVATE_KEY_FILE`).

## Why is this bad?
`ENV` values are stored in the image configuration and `ARG` values in its build history: anyone
who can pull the image reads them with `docker history` or `docker inspect`, long after the
build. Build secrets belong in `RUN --mount=type=secret`, runtime secrets in the orchestrator's
secret store.

hadolint matches these words anywhere in the name, so it also flags `TOKENIZERS_PARALLELISM`
(a Hugging Face switch) or `SECRETARY_EMAIL`; stanzalint compares whole parts of the name and
leaves those alone. A bare `KEY` is not a secret word either: `GPG_KEY` names the fingerprint
of a public key used to verify a download. BuildKit's broader SecretsUsedInArgOrEnv check
(`KEY`, `AUTH`, `CREDENTIALS`...) is SZ812.

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
from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.variables import declarations

_SECRET_PARTS = {"password", "passwords", "secret", "secrets", "token", "tokens", "private"}
_SECRET_SEQUENCES = ("api_key", "aws_access_key")


def looks_secret(name: str) -> bool:
    """Whether a variable name says it holds a secret (whole parts between underscores)."""
    lower = name.lower()
    parts = re.split(r"[_\-.]+", lower)
    if any(p in _SECRET_PARTS for p in parts):
        return True
    joined = "_" + "_".join(parts) + "_"
    return any(f"_{seq}_" in joined for seq in _SECRET_SEQUENCES)


@rule(
    code="DL3064",
    name="secret-in-arg-or-env",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    practice="h",
    aliases=("DS-0031",),
    scope="stage",
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for decl in declarations(ctx):
        if decl.kind not in ("ARG", "ENV") or decl.instruction is None or decl.name_span is None:
            continue
        if looks_secret(decl.name):
            yield ctx.violation(
                decl.name_span,
                f"`{decl.name}` looks like a secret; {decl.kind} values stay readable in the image",
                instruction_line=decl.instruction.start_line,
            )
