"""
## What it does
Flags a broad `COPY` or `ADD` (a directory, `.`, or a wildcard) that carries secrets or local
state from the build context into the image because `.dockerignore` does not exclude them:
`.env` files (`.env.example` and the like are left alone), private keys (`*.pem`, `*.key`,
`id_rsa`, `id_ed25519`...), `.netrc`, `.pypirc`, the `.git` directory, `node_modules`, and
virtualenvs (a directory holding `pyvenv.cfg`). It reads the real context, so it only speaks
about files that are there.

Left alone: a source that names such a file itself (`COPY certs/server.pem ...` is a decision,
not an accident), `--from` and remote sources, and files `.dockerignore` already keeps out.

## Why is this bad?
Whatever is copied stays in the image layer, and anyone who can pull the image can read it:
an `.env` with production credentials or a private key is leaked the moment the image is
pushed, even if a later step deletes it. `.git` and `node_modules` or a virtualenv built on the
host are dead weight at best (hundreds of megabytes, rebuilt layers whenever they change) and
wrong at worst (native modules built for the host, not the image).

## Example
```dockerfile
# .dockerignore is missing, the context holds .env and node_modules/
FROM node:22-slim
WORKDIR /app
COPY . .
RUN npm ci
```

## Use instead
```dockerfile
# .dockerignore
#   .env
#   .git
#   node_modules
FROM node:22-slim
WORKDIR /app
COPY . .
RUN npm ci
```

## Fix safety
No automatic fix: the remedy is a line in `.dockerignore`, another file.

## Options
None.

## References
- [Docker docs: .dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
- [Docker docs: build secrets](https://docs.docker.com/build/building/secrets/)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.context.local_state import describe, local_state
from stanzalint.context.tree import ContextTree
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.context import context_sources, context_tree

SHOWN = 3


@rule(
    code="SZ306",
    name="local-state-in-context-copy",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    practice="c",
    scope="instruction",  # each source's files: its text, the variables it expands, the context
    reads=("variables", "build-context"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    tree = context_tree(ctx)
    for source in context_sources(ctx) or []:
        if not source.files:
            continue  # it sends nothing, so no local state
        found = {entry: paths for entry, paths in _local_state(tree, source.files).items() if entry != source.spec}
        if not found:
            continue
        named = [_name(entry, paths) for entry, paths in sorted(found.items())]
        shown = ", ".join(named[:SHOWN]) + (f" and {len(named) - SHOWN} more" if len(named) > SHOWN else "")
        kinds = sorted({describe(entry) for entry in found})
        yield ctx.violation(
            source.span,
            f"`{source.spec}` copies {shown} into the image ({', '.join(kinds)}); exclude them in .dockerignore",
        )


def _local_state(tree: ContextTree | None, files: list[str]) -> dict[str, list[str]]:
    """``local_state(files)`` of a source's files, remembered on the tree for that very list: a
    source's file lists are shared by every later lint that reads its instruction again
    (``context.sources``), so a keystroke does not walk them again. Shared: read-only."""
    if tree is None:
        return local_state(files)
    key = ("local state", id(files))
    remembered = tree.derived.get(key)
    if remembered is not None and remembered[0][0] is files:  # the entry holds the list: its id is not reused
        return remembered[0][1]
    found = local_state(files)
    tree.derived.put(key, ((files, found), len(files)))  # it holds the list: weighed by its paths
    return found


def _name(entry: str, paths) -> str:
    return f"`{entry}` ({len(paths)} files)" if entry.endswith("/") else f"`{entry}`"
