"""
## What it does
Flags the first `COPY`/`ADD` that copies the whole build context (`.`, `./`, `*`) when the build
context has no `.dockerignore` (nor a `<Dockerfile name>.dockerignore` next to the Dockerfile,
which BuildKit prefers for that Dockerfile).

## Why is this bad?
Without an ignore file, `COPY . .` sends and copies everything in the directory: `.git`,
virtual environments, `node_modules`, datasets, notebooks' checkpoints, local `.env` files with
secrets. The image grows, secrets leak into a layer anyone with the image can read, and the
layer's cache is invalidated by every commit (`.git` changes) or every edit to a file the
image never needed.

The build context is taken to be the Dockerfile's directory. Nothing is reported when the file
is linted without a path (from an editor buffer that is not saved, or stdin).

## Example
```dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY . .
```

## Use instead
Add a `.dockerignore` beside the Dockerfile:
```
.git
.venv
__pycache__/
*.ipynb_checkpoints
data/
.env
```

## Fix safety
No automatic fix: what belongs in the image is project knowledge.

## Options
None.

## References
- [Docker docs: .dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.copies import context_copy_source, copies_whole_context
from stanzalint.rules.toolkit.kept_answers import KeptPicks
from stanzalint.syntax.model import Dockerfile, Instruction, Span
from stanzalint.syntax.moved import origin_and_delta


def has_ignore_file(dockerfile_path: str) -> bool:
    directory = os.path.dirname(os.path.abspath(dockerfile_path))
    own = os.path.abspath(dockerfile_path) + ".dockerignore"
    return os.path.isfile(os.path.join(directory, ".dockerignore")) or os.path.isfile(own)


def _context_copy(ins: Instruction) -> Instruction | None:
    """The COPY or ADD a top-level instruction is, or the one its ONBUILD wraps, when it copies
    the whole build context; else None."""
    copy = ins if ins.inner is None else ins.inner
    return copy if copy.keyword in ("COPY", "ADD") and copies_whole_context(copy) else None


def _picks_context_copy(ins: Instruction, _text: str) -> bool | None:
    """True when ``_context_copy`` finds one in the instruction, else None."""
    return True if _context_copy(ins) is not None else None


#: the instructions that copy the whole context, carried from one keystroke's parse to the next
_CONTEXT_COPY_PICKS: KeptPicks[bool] = KeptPicks(_picks_context_copy)


def _first_context_copy_source(dockerfile: Dockerfile) -> Span | None:
    """Where the source word of the first COPY or ADD of the file (ONBUILD ones included) that
    copies the whole build context stands: only the instructions a keystroke's parse read again
    are asked whether they copy it, and the word of one an edit moved is found in the
    instruction it was moved from (``origin_and_delta``), not in its moved words."""
    picks = _CONTEXT_COPY_PICKS.of(dockerfile)
    if not picks:
        return None
    origin, delta = origin_and_delta(dockerfile.instructions[picks[0][0]], 0)
    copy = _context_copy(origin)
    source = context_copy_source(copy) if copy is not None else None
    if source is None:
        return None
    return source.span.moved(delta) if delta else source.span


@rule(
    code="SZ303",
    name="context-copy-without-dockerignore",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    practice="c",
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    if not ctx.path:
        return
    source = _first_context_copy_source(ctx.dockerfile)
    if source is not None and not has_ignore_file(ctx.path):  # the file system asked only then
        yield ctx.violation(
            source,
            "The whole build context is copied and there is no `.dockerignore`; `.git`, caches and secrets end up in the image",
        )
