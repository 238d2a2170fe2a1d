"""
## What it does
Flags a `COPY` or `ADD` source that reads nothing from the build context: the path is not in
the context at all, or everything it names is kept out by `.dockerignore`. The context is the
Dockerfile's directory (the CLI's `--context DIR`, the editor's workspace folder when it holds
the Dockerfile); `.dockerignore` is read as BuildKit reads it, `!` exceptions included.

Left alone: sources with wildcards (BuildKit copies nothing and goes on when `*.txt` matches
nothing), an existing directory whose files are all ignored (BuildKit copies it empty), `--from`,
heredoc and remote sources, sources with a build argument that has no default, and every file
whose sources all miss the context (the build then evidently uses another directory as its
context, `docker build -f docker/Dockerfile .`). A source that names only ignored files while
the `.dockerignore` has no `!` exceptions is left to SZ815 (BuildKit's `CopyIgnoredFile`).

## Why is this bad?
BuildKit fails the build at this step with `failed to compute cache key: "/name": not found`,
after every step before it has run. A path that is only ignored fails the same way, however
plainly it sits on the disk, which is a puzzle to debug from the error alone.

## Example
```dockerfile
FROM python:3.12-slim
COPY requirements.txt ./
COPY src/ /app/
```
with no `src` directory beside the Dockerfile.

## Use instead
```dockerfile
FROM python:3.12-slim
COPY requirements.txt ./
COPY app/ /app/
```

## Fix safety
No automatic fix: which path was meant cannot be known.

## Options
None.

## References
- [Dockerfile reference: COPY](https://docs.docker.com/reference/dockerfile/#copy)
- [Docker docs: .dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.context import context_sources, context_tree, names_context_files


@rule(
    code="SZ305",
    name="copy-source-not-in-context",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    practice="c",
    scope="instruction",  # each source's files, and whether any source of the file reads some
    reads=("variables", "build-context"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    sources = context_sources(ctx)
    tree = context_tree(ctx)
    if sources is None or tree is None:
        return
    if not names_context_files(ctx):
        return  # nothing this file names is here: the build uses another context
    exceptions = tree.matcher is not None and tree.matcher.has_exclusions
    for source in sources:
        if source.files or source.has_wildcards or _is_directory(tree, source.spec):
            continue
        if not source.ignored:
            yield ctx.violation(
                source.span,
                f"`{source.spec}` is not in the build context ({_where(tree, ctx.path)}); the build fails here",
            )
        elif exceptions:
            yield ctx.violation(
                source.span, f"`{source.spec}` is in the context, but .dockerignore keeps it out; the build fails here"
            )


def _is_directory(tree, spec: str) -> bool:
    """An existing directory that is itself sent (empty after ignoring, BuildKit still copies it)."""
    return os.path.isdir(os.path.join(tree.root, spec)) and not tree.is_ignored(spec)


def _where(tree, dockerfile) -> str:
    rel = os.path.relpath(tree.root, os.path.dirname(os.path.abspath(dockerfile)))
    return "the Dockerfile's directory" if rel == "." else rel
