"""
## What it does
Flags a `COPY` or `ADD` whose context files changed in a large share of the repository's recent
commits (the `threshold` option, default 20% of the last 200 commits read with git) when it sits
above an expensive `RUN` (a package install, a compile, a download) that does not read what it
copies. The figure comes from the project's own history: the files the `COPY` reads, after
`.dockerignore`, against the files each commit changed.

A `RUN` counts as not reading the copy when it names neither the copy's destination nor any
copied file or directory, and runs only named-package installs and downloads (no `pip install
-r`, `npm ci`, `make`, `go build`, script of the working directory or command given `.` or a
`./` path, no bind mount).

Left alone: a context outside git or with fewer than `min-commits` (default 20) commits, a
Dockerfile or context the linter does not know the location of, and a `COPY` whose every later
expensive `RUN` may read it.

## Why is this bad?
A change to any copied file invalidates the `COPY` and every step after it. When the step after
it is `apt-get install` or a toolchain download that never looks at those files, each such
commit pays for it again: minutes per build, a new large layer to push and pull. Copying the
often-changing files after the expensive step keeps its cache.

## Example
```dockerfile
FROM python:3.12-slim
COPY src/ /app/src/
RUN apt-get update && apt-get install -y --no-install-recommends build-essential
```

## Use instead
```dockerfile
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends build-essential
COPY src/ /app/src/
```

## Fix safety
Unsafe: the fix moves the `COPY` below the last such `RUN`, offered only when everything it
moves past leaves the copy alone (no `WORKDIR`, no other `COPY`/`ADD`, no `RUN` that may read the
copy or names a directory above its destination, which the copy may have made, no variable the
`COPY` uses), and never for a copy that configures tools a `RUN` runs without naming the file
(into `/etc`, a `pip.conf`, an `.npmrc`). A `RUN` could still read the files in a way the text does not
show (a script that walks `/app`); check the build.

## Options
- `threshold` (number, default 0.2): the share of the commits read that must change the copy.
- `min-commits` (integer, default 20): fewer commits than this say nothing.

## References
- [Docker docs: optimize cache usage](https://docs.docker.com/build/cache/optimize/)
- [Docker docs: build cache invalidation](https://docs.docker.com/build/cache/invalidation/)
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from stanzalint.context.heavy import heavy_steps, reads_local_files
from stanzalint.context.rebuilds import input_changes
from stanzalint.context.sources import CONTEXT, Inputs
from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, integer, number, rule
from stanzalint.rules.toolkit.context import (
    context_history,
    context_tree,
    instruction_inputs,
    reads_context_files,
    without_history,
)
from stanzalint.rules.toolkit.copies import copy_operands
from stanzalint.rules.toolkit.edits import full_lines, newline_of, removed_lines
from stanzalint.rules.toolkit.stages import stage_body
from stanzalint.syntax.model import Instruction, Span

#: Instructions a COPY can move below without changing what it copies or where.
_PASSABLE = {
    "RUN",
    "ENV",
    "ARG",
    "LABEL",
    "EXPOSE",
    "USER",
    "SHELL",
    "STOPSIGNAL",
    "HEALTHCHECK",
    "CMD",
    "ENTRYPOINT",
    "VOLUME",
    "MAINTAINER",
}


@rule(
    code="SZ304",
    name="changing-copy-before-heavy-run",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    practice="c",
    options={"threshold": number(0.2), "min_commits": integer(20)},
    scope="stage",  # a COPY and the RUNs after it in its stage, with what its variables expand to
    reads=("global-args", "base-stages", "shell", "build-context", "row-line"),  # the message names a RUN's line
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    tree = context_tree(ctx)
    if tree is None or without_history(ctx) or not reads_context_files(ctx):
        return  # no history, or nothing copied
    candidates = list(_copies_above_heavy_runs(ctx, tree))
    history = context_history(ctx) if candidates else None
    if history is None or len(history.commits) < ctx.options["min_commits"]:
        return
    threshold = ctx.options["threshold"]
    for ins, found, later, names, victims in candidates:
        changes = input_changes(found, tree, history)
        if changes < threshold * len(history.commits):
            continue
        first = victims[0]
        steps = ", ".join(f"`{s}`" for s in heavy_steps(ctx.analysis, first))
        yield ctx.violation(
            ins.keyword_span,
            f"What this {ins.keyword} reads changed in {changes} of the last {len(history.commits)} commits, and each "
            f"change reruns {steps} (line {first.start_line + 1}), which does not read it; copy it after",
            fix=_move_fix(ctx, ins, later, names),
        )


def _copies_above_heavy_runs(ctx: RuleContext, tree):
    """(COPY, its inputs, what follows it, its names, the heavy RUNs below it that do not read it),
    in document order. Only the stages of a COPY or ADD that reads files of the context are walked."""
    for found in instruction_inputs(ctx).values():
        ins = found.instruction
        if not found.files or ins.keyword not in ("COPY", "ADD"):
            continue  # reads no file, or an ONBUILD's (it runs later) or a RUN's bind mount
        stage = ctx.analysis.stage_of(ins)
        body = stage_body(stage) if stage is not None else []
        i = next((i for i, x in enumerate(body) if x is ins), None)
        if i is None:
            continue
        names = _copied_names(ins, found)
        later = body[i + 1 :]
        victims = [x for x in later if heavy_steps(ctx.analysis, x) and not _may_read(ctx, x, names)]
        if victims:
            yield ins, found, later, names, victims


def _copied_names(ins: Instruction, found: Inputs) -> set[str]:
    """Words a RUN would use to reach the copy: the destination and the copied names."""
    _, dest = copy_operands(ins)
    names = set()
    if dest is not None:
        names.add(dest.value.rstrip("/") or "/")
        names.add(posixpath.basename(dest.value.rstrip("/")))
    for source in found.sources:
        if source.origin != CONTEXT:
            continue
        if source.spec == ".":
            names.update(path.split("/", 1)[0] for path in source.files)
        else:
            names.add(posixpath.basename(source.literal_prefix))
    return {n for n in names if n not in ("", ".", "/")}


def _may_read(ctx: RuleContext, run: Instruction, names: set[str]) -> bool:
    if run.effective.keyword != "RUN":
        return True
    text = run.effective.rest.text + "".join(h.body.text for h in run.effective.heredocs)
    if any(re.search(r"(?<![\w.-])" + re.escape(n) + r"(?![\w-])", text) for n in names):
        return True
    return reads_local_files(ctx.analysis, run)


#: where a copied file configures the tools a RUN runs without naming it (pip's, npm's, apt's...)
_CONFIGURES_TOOLS = re.compile(r"^/etc(/|$)|(^|/)(\.[\w.-]*rc|[\w.-]+\.conf|\.pypirc|settings\.xml|\.netrc)$")


def _move_fix(ctx: RuleContext, ins: Instruction, later: list[Instruction], names: set[str]) -> Fix | None:
    """Move the COPY below the last heavy RUN it can pass, when everything passed leaves it alone:
    none names the destination's directories either (the copy may be what made them: ``tar -C
    /app`` after ``COPY src/ /app/src/``), and the copy configures no tool a RUN could run
    without naming the file (``COPY pip.conf /etc/pip.conf``)."""
    _, dest = copy_operands(ins)
    if dest is None or _CONFIGURES_TOOLS.search(dest.value.rstrip("/")):
        return None
    parent = posixpath.dirname(dest.value.rstrip("/"))
    while parent not in ("", "/", "."):
        names = names | {parent}
        parent = posixpath.dirname(parent)
    used = {ref.name for ref in ctx.analysis.refs_in(ins)}
    target = None
    for x in later:
        passable = (
            x.keyword in _PASSABLE and not _declares(x, used) and not (x.keyword == "RUN" and _may_read(ctx, x, names))
        )
        if not passable:
            break
        if heavy_steps(ctx.analysis, x):
            target = x
    if target is None:
        return None
    nl = newline_of(ctx.text)
    text = ctx.text[full_lines(ctx.text, ins).start : ins.span.end]
    end = target.span.end
    return Fix.unsafe(
        f"Move the {ins.keyword} below line {target.start_line + 1}",
        [Edit(removed_lines(ctx.text, ins), ""), Edit(Span(end, end), nl + text)],
    )


def _declares(ins: Instruction, names: set[str]) -> bool:
    if ins.keyword not in ("ENV", "ARG"):
        return False
    return any(t.value.partition("=")[0] in names for t in ins.args)
