"""
## What it does
Flags `ADD` of a remote file (`http://`, `https://`) without `--checksum`, and `ADD` of a Git
repository at a branch or tag instead of a commit.

## Why is this bad?
`ADD https://…` fetches whatever the server returns at build time. If the file changes upstream,
or the server or the connection is compromised, your image changes and nothing in the build
says so. `--checksum=sha256:…` makes BuildKit verify the bytes and fail the build when they
differ. A Git source at a branch or tag (`#main`, `#v1.2`) moves the same way; a full commit
hash in the fragment names exact contents.

Only URL sources are checked; local files come from your build context.

## Example
```dockerfile
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
ADD https://github.com/org/repo.git#main /src
```

## Use instead
```dockerfile
ADD --checksum=sha256:93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c \
    https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
ADD https://github.com/org/repo.git#3b6c9ffb3c2e5e0ad1c7d2d0a5f1e6b1a7c9d8e2 /src
```

## Fix safety
No automatic fix: a checksum cannot be guessed offline.

## Options
None.

## References
- [Dockerfile reference: ADD --checksum](https://docs.docker.com/reference/dockerfile/#add---checksum)
- [Dockerfile reference: adding Git repositories](https://docs.docker.com/reference/dockerfile/#adding-private-git-repositories)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.copies import copied_files

_GIT = re.compile(r"(git@|git://|ssh://)|^https?://[^#]+\.git(#.*)?$|^(https?://)?github\.com/[^/]+/[^/#]+(#.*)?$")
_COMMIT = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")


def _git_ref(url: str) -> str:
    fragment = url.partition("#")[2]
    return fragment.split(":", 1)[0]


@rule(
    code="SZ202",
    name="remote-add-without-checksum",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    practice="b",
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for ins in ctx.dockerfile.of_keyword("ADD"):
        if ins.flag("checksum") is not None:
            continue
        sources, _ = copied_files(ins)
        for token in sources:
            url = token.value
            if _GIT.match(url):
                if not _COMMIT.fullmatch(_git_ref(url)):
                    yield ctx.violation(
                        token.span,
                        "This Git source follows a branch or tag; pin a full commit hash in the `#` fragment",
                    )
            elif url.lower().startswith(("http://", "https://")):
                yield ctx.violation(
                    token.span, "Remote file added without `--checksum=sha256:…`; its contents are not verified"
                )
