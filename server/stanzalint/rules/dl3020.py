"""
## What it does
Flags `ADD` of local files or directories, which `COPY` does more plainly.

## Why is this bad?
`ADD` has extra behaviour: it downloads URLs, clones git repositories and unpacks local tar
archives. Used for an ordinary file it makes the reader wonder which of those is meant, and a
later rename to `app.tar.gz` silently turns a copy into an extraction. `COPY` only copies.
`ADD` stays right for URLs, git sources and archives it should unpack, which are not flagged.

A source that is a variable with no known value is not flagged (hadolint flags it): it may be a
URL. A git source written as `git@host:org/repo.git` counts as remote (hadolint flags it).

## Example
```dockerfile
FROM python:3.12-slim
ADD requirements.txt /app/
```

## Use instead
```dockerfile
FROM python:3.12-slim
COPY requirements.txt /app/
```

## Fix safety
Safe when every source is a local file or directory that is not an archive and `ADD` has no flag
`COPY` lacks (`--checksum`, `--keep-git-dir`, `--unpack`): `COPY` then copies exactly what `ADD`
copied.

## Options
None.

## References
- [Dockerfile reference: ADD](https://docs.docker.com/reference/dockerfile/#add)
- [Docker docs: ADD or COPY](https://docs.docker.com/build/building/best-practices/#add-or-copy)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.copies import copy_operands, is_archive, is_heredoc_word, is_remote

_ADD_ONLY_FLAGS = {"checksum", "keep-git-dir", "unpack"}


@rule(
    code="DL3020",
    name="add-instead-of-copy",
    severity=Severity.ERROR,
    fix=FixAvailability.SOMETIMES,
    practice="h",
    aliases=("DS-0005", "CKV_DOCKER_4"),
    scope="stage",
    reads=("global-args", "base-stages"),
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for ins in ctx.dockerfile.of_keyword("ADD"):
        sources, dest = copy_operands(ins)
        if dest is None:
            continue
        local_plain = 0
        special = False
        for token in sources:
            if is_heredoc_word(token.value):
                special = True
                continue
            value, known = ctx.analysis.resolve(token.value, ins)
            if not known or is_remote(value) or is_archive(value):
                special = True
            else:
                local_plain += 1
        if not local_plain:
            continue
        fix = None
        if not special and not any(f.name in _ADD_ONLY_FLAGS for f in ins.flags):
            fix = Fix.safe(
                "Replace ADD with COPY", [Edit(ins.keyword_span, "COPY" if ins.keyword_text.isupper() else "copy")]
            )
        yield ctx.violation(
            ins.keyword_span,
            "Use COPY for local files and directories; ADD is for URLs and archives",
            fix=fix,
            instruction_line=ins.start_line,
        )
