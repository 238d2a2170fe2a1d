"""
## What it does
Flags the `MAINTAINER` instruction.

## Why is this bad?
`MAINTAINER` has been deprecated since Docker 1.13: it writes the image's legacy `Author`
field, which registries and tools no longer show. The OCI label
`org.opencontainers.image.authors` is where people and tools look for who maintains an image.

## Example
```dockerfile
FROM python:3.12-slim
MAINTAINER Jane Doe <jane@example.com>
```

## Use instead
```dockerfile
FROM python:3.12-slim
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
```

## Fix safety
Unsafe: the label replaces the deprecated `Author` field of the image configuration, so
anything that still reads that field sees it empty. The value is written as MAINTAINER had it:
a `$`, a `"` or the escape character in it is escaped, since a `LABEL` expands variables.

## Options
None.

## References
- [Dockerfile reference: MAINTAINER (deprecated)](https://docs.docker.com/reference/dockerfile/#maintainer-deprecated)
- [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Tag, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.syntax.model import Span


@rule(
    code="DL4000",
    name="maintainer-deprecated",
    severity=Severity.ERROR,
    fix=FixAvailability.ALWAYS,
    practice="h",
    aliases=("MaintainerDeprecated", "DS-0022", "CKV_DOCKER_6"),
    tags=(Tag.DEPRECATED,),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for ins in ctx.dockerfile.of_keyword("MAINTAINER"):
        author = ins.args[0].value if ins.args else ""
        fix = None
        if author and "\n" not in ctx.source(ins.span):
            label = f"LABEL org.opencontainers.image.authors={_quoted(author, ctx.dockerfile.escape)}"
            fix = Fix.unsafe(
                "Replace MAINTAINER with the OCI authors label",
                [Edit(Span(ins.keyword_span.start, ins.span.end), label)],
            )
        yield ctx.violation(
            ins.keyword_span, "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors", fix=fix
        )


def _quoted(value: str, escape: str) -> str:
    """``value`` as a double-quoted word BuildKit reads back as written: MAINTAINER takes its text
    as it stands, while a LABEL expands ``$``; the escape character (``\\`` or a backtick) keeps
    each ``"``, ``$`` and escape character literal."""
    return '"' + "".join(escape + c if c in ('"', "$", escape) else c for c in value) + '"'
