"""
## What it does
Flags an `ARG` or `ENV` whose name says it holds a secret: a name made of `_`-separated words
one of which is `apikey`, `auth`, `credential(s)`, `key`, `password`, `passwd`, `pword`,
`secret` or `token` (`DB_PASSWORD`, `GITHUB_TOKEN`, `API_KEY`), unless another word says it is
not secret (`public`, `file`, `version`: `PUBLIC_KEY`, `TOKEN_FILE`). Global `ARG`s before the
first `FROM` are not checked, as in BuildKit's `SecretsUsedInArgOrEnv` build check.

One difference from BuildKit, which reports these too: a `KEY` that names the public key of a
signature check is left alone. That is a name whose only secret word is `key` and that also
says `gpg`, `pgp`, `gnupg` or `fingerprint` (`GPG_KEY`, `WORDPRESS_CLI_GPG_KEY`,
`NODE_KEY_FINGERPRINT`), or says `id`/`ids` with a value of key ids or fingerprints
(`KEY_ID=0x7169605F62C75135`). Official images publish these fingerprints to verify downloads;
they are public by design. `GPG_PRIVATE_KEY`, a bare `ARG KEY_ID` or `AWS_ACCESS_KEY_ID=AKIA...` are still reported.

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
from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.stages import stage_body
from stanzalint.syntax.model import Span

_SECRET_WORDS = ("apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token")
_SECRET = re.compile(rf"(?:_|^)(?:{'|'.join(_SECRET_WORDS)})(?:_|$)", re.I)
_ALLOWED = re.compile(r"(?:_|^)(?:public|file|version)(?:_|$)", re.I)
#: Words that make a ``KEY`` the public key of a signature check (``GPG_KEY``, ``KEY_FINGERPRINT``).
_PUBLIC_KEY_WORDS = frozenset({"gpg", "pgp", "gnupg", "fingerprint", "fingerprints", "fpr"})
#: A key id or fingerprint: 8, 16 or 40 hex digits, several separated by spaces.
_KEY_IDS = re.compile(r"^\s*(?:(?:0x)?(?:[0-9a-f]{40}|[0-9a-f]{16}|[0-9a-f]{8})\s*)+$", re.I)


def looks_secret(name: str) -> bool:
    """BuildKit's SecretsUsedInArgOrEnv test: a secret word in the name and no allowed word."""
    return bool(_SECRET.search(name)) and not _ALLOWED.search(name)


def names_public_key(name: str, value: str | None) -> bool:
    """The name's only secret word is ``key`` and it names a public key: with ``gpg``/``pgp``/
    ``fingerprint`` (``GPG_KEY``, ``NODE_KEY_FINGERPRINT``), or with ``id``/``ids`` and a value
    of key ids (``KEY_ID=0x7169605F62C75135``)."""
    words = {w.lower() for w in name.split("_")}
    if words & set(_SECRET_WORDS) != {"key"} or "private" in words:
        return False
    if words & _PUBLIC_KEY_WORDS:
        return True
    return bool(words & {"id", "ids"}) and value is not None and _KEY_IDS.match(value.strip("\"'")) is not None


@rule(
    code="SZ812",
    name="secrets-used-in-arg-or-env",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    aliases=("SecretsUsedInArgOrEnv", "DS-0031"),
    scope="stage",
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for stage in ctx.analysis.stages:
        for ins in stage_body(stage):
            if ins.keyword == "ENV":
                names = [(t.value, t.span, v.value) for t, v in zip(ins.args[0::2], ins.args[1::2])]
            elif ins.keyword == "ARG":
                names = []
                for t in ins.args:
                    name, eq, value = t.value.partition("=")
                    names.append((name, Span(t.span.start, t.span.start + len(name)), value if eq else None))
            else:
                continue
            for name, span, value in names:
                if looks_secret(name) and not names_public_key(name, value):
                    yield ctx.violation(
                        span,
                        f"{ins.keyword} `{name}` looks like a secret; its value is kept in the image and its history: use a secret mount",
                    )
