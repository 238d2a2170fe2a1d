"""
## What it does
Flags the `COPY` or `ADD` that makes the build transfer a large part of the build context: when
the files the Dockerfile reads from the context add up to more than the `max-mib` option
(default 200 MiB), the instruction reading the most of them is flagged, with the largest entries
it reads. BuildKit transfers only what the Dockerfile's `COPY`, `ADD` and bind mounts name,
after `.dockerignore`; this rule adds up the same files.

Left alone: a context that is big on disk but whose big parts are never read or are excluded
by `.dockerignore`.

## Why is this bad?
Every `docker build` sends those bytes to the builder before the step can run, and on a remote
builder or in CI that is minutes of upload per build. Large entries read by a broad `COPY . .`
are rarely meant for the image: data sets, build output, caches, model weights.

## Example
```dockerfile
# the context holds data/ (3 GiB) and the application
FROM python:3.12-slim
COPY . /app
```

## Use instead
```dockerfile
# .dockerignore: data
FROM python:3.12-slim
COPY . /app
```

## Fix safety
No automatic fix: the remedy is `.dockerignore` or a narrower `COPY`.

## Options
- `max-mib` (number, default 200): the transfer size, in MiB, above which the rule speaks.

## References
- [Docker docs: build context](https://docs.docker.com/build/concepts/context/)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.context.tree import human_size
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, number, rule
from stanzalint.rules.toolkit.context import context_tree, instruction_inputs

MIB = 1024 * 1024
SHOWN = 3


@rule(
    code="SZ307",
    name="large-context-transfer",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    practice="c",
    options={"max_mib": number(200)},
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    tree = context_tree(ctx)
    if tree is None:
        return
    limit = ctx.options["max_mib"] * MIB
    if tree.total_size <= limit:
        return  # the whole context is smaller: what the file reads of it too
    inputs = instruction_inputs(ctx)
    read = {path for found in inputs.values() for path in found.files}
    total = sum(tree.files[p] for p in read)
    if total <= limit:
        return
    biggest = max(
        (s for found in inputs.values() for s in found.sources), key=lambda s: sum(tree.files[p] for p in s.files)
    )
    entries = _largest(tree.files, biggest.files, biggest.spec)
    shown = ", ".join(f"`{name}` {human_size(size)}" for name, size in entries[:SHOWN])
    yield ctx.violation(
        biggest.span,
        f"The build transfers {human_size(total)} of the context before it can run; `{biggest.spec}` reads most of it ({shown})",
    )


def _largest(sizes: dict[str, int], paths, spec: str):
    """The source's biggest entries one level below it, directories added up."""
    prefix = "" if spec == "." else spec + "/"
    totals: dict[str, int] = {}
    for path in paths:
        rest = path[len(prefix) :] if path.startswith(prefix) else path
        head, sep, _ = rest.partition("/")
        name = prefix + head + sep
        totals[name] = totals.get(name, 0) + sizes[path]
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))
