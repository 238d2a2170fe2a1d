"""
## What it does
Flags an `ARG` or `ENV` whose value changes with every build (`BUILD_DATE`, `VCS_REF`,
`GIT_COMMIT`, `GIT_SHA`, `BUILD_NUMBER`, `CI_PIPELINE_ID`, `SOURCE_COMMIT`, ...) when `RUN`
instructions of the same stage follow it before anything uses it.

## Why is this bad?
BuildKit passes every `ARG` declared in a stage to each later `RUN` as an environment variable,
and an `ENV` sets it for them too, so the value is part of those RUNs' cache keys whether the
commands read it or not. A value that differs per build (a timestamp, a commit hash) therefore
reruns every `RUN` after the declaration on every build: the dependency installs, the
compilation, all of it. Declare such values as late as possible, after the expensive steps and
right before the `LABEL` or step that uses them.

Only a declaration followed by at least two RUNs before anything names it is reported: the
one RUN right after it is often the build step that reads the value from its environment
(a build script embedding the commit), and a value re-exported with `ENV X=$X` is meant for
the RUNs, so neither is flagged.

`LABEL` itself does not key the `RUN` cache in BuildKit, so a label is not flagged; the `ARG`
it reads is. A global `ARG` (before the first `FROM`) is not visible in a stage until it is
redeclared there, so only the declarations inside stages count.

## Example
```dockerfile
FROM python:3.12-slim
ARG GIT_COMMIT
RUN pip install --no-cache-dir -r requirements.txt
LABEL org.opencontainers.image.revision=$GIT_COMMIT
```

## Use instead
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir -r requirements.txt
ARG GIT_COMMIT
LABEL org.opencontainers.image.revision=$GIT_COMMIT
```

## Fix safety
Unsafe: the declaration moves to just before the first `RUN` that uses the variable (or after
the stage's last `RUN` when none does); no fix while an `ENV` or `LABEL` before that point reads
it (fix that one first). A RUN in between that read the variable
without naming it (a script reading its environment) would no longer see it. Offered only when
the instruction declares nothing but per-build values.

## Options
None.

## References
- [Docker docs: build arguments and the cache](https://docs.docker.com/build/cache/invalidation/#build-arguments)
- [OCI image annotations](https://github.com/opencontainers/image-spec/blob/main/annotations.md)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stanzalint.findings import Edit, Fix, FixAvailability, Related, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.edits import full_lines, newline_of, removed_lines
from stanzalint.rules.toolkit.stages import stage_body
from stanzalint.syntax.model import Instruction, Span

VOLATILE = re.compile(
    r"(BUILD_?(DATE|TIME|TIMESTAMP|NUMBER|ID|NUM)|VCS_REF|GIT_(COMMIT|SHA|REF|HASH|REVISION|COMMIT_SHA)"
    r"|COMMIT_(SHA|HASH|ID|REF)|SOURCE_COMMIT|CI_PIPELINE_ID|CI_JOB_ID|CI_COMMIT_SHA|GITHUB_SHA|GITHUB_RUN_(ID|NUMBER)"
    r"|BUILD_?SHA)",
    re.IGNORECASE,
)


def _may_declare_volatile(ins: Instruction) -> bool:
    """Whether an ARG or ENV may declare a per-build value: its names and values are pieces of its
    logical line, so a line holding no piece of a volatile name declares none. One look at the
    line, where reading the declarations costs far more on each of a stage's instructions, and
    the stage is checked again at every keystroke in it."""
    line = ins.original
    if not line.isascii():  # letters outside ASCII may match ASCII ones ignoring case
        return VOLATILE.search(line) is not None
    upper = line.upper()  # a volatile name holds one of these, in any case:
    return "BUILD" in upper or "GIT" in upper or "COMMIT" in upper or "CI_" in upper or "VCS_REF" in upper


def _declared(ins: Instruction) -> list[tuple[str, Span, str | None]]:
    """(name, name span, value) per declaration of an ARG or ENV."""
    out = []
    if ins.keyword == "ARG":
        for t in ins.args:
            name, eq, value = t.value.partition("=")
            out.append((name, Span(t.span.start, t.span.start + len(name)), value if eq else None))
    elif ins.keyword == "ENV":
        for i in range(0, len(ins.args) - 1, 2):
            out.append((ins.args[i].value, ins.args[i].span, ins.args[i + 1].value))
    return out


def _volatile(name: str, value: str | None) -> bool:
    if VOLATILE.fullmatch(name):
        return True
    return bool(value) and any(VOLATILE.fullmatch(v) for v in re.findall(r"\$\{?(\w+)", value or ""))


def _exported(body: list[Instruction], names, ins: Instruction) -> bool:
    """An ``ENV X=$X`` re-export of the value: the stage's RUNs read it from the environment
    (build scripts that embed the commit), so the RUN after it depends on it by design."""
    for x in body:
        if x.keyword == "ENV":
            for name, _, value in _declared(x):
                if name in names and value and re.fullmatch(r"\$\{?" + re.escape(name) + r"\}?", value.strip("\"'")):
                    return True
    return False


@rule(
    code="SZ302",
    name="volatile-value-before-build-steps",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    practice="c",
    scope="stage",
    reads=("shell",),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for stage in ctx.analysis.stages:
        body = stage_body(stage)
        for i, ins in enumerate(body):
            if ins.keyword not in ("ARG", "ENV") or not _may_declare_volatile(ins):
                continue
            decls = _declared(ins)
            hits = [(n, s) for n, s, v in decls if _volatile(n, v)]
            if not hits:
                continue
            names = {n for n, _ in hits}
            later = body[i + 1 :]

            def uses(x: Instruction, names: set[str] = names) -> bool:
                eff = x.effective
                return any(r.name in names for r in ctx.analysis.refs_in(eff)) or (
                    eff.keyword == "RUN" and any(n in eff.rest.text for n in names)
                )

            users = [x for x in later if uses(x)]
            use = next((x for x in users if x.keyword == "RUN"), None)
            stop = later.index(use) if use is not None else len(later)
            runs = [x for x in later[:stop] if x.keyword == "RUN"]
            if len(runs) < 2 or _exported(body, names, ins):
                continue
            fix = None
            if use is not None:
                at = full_lines(ctx.text, use).start
                position = later.index(use)
            else:
                last_run = runs[-1]
                at = last_run.span.end
                position = later.index(last_run) + 1
            in_between = [x for x in users[:] if later.index(x) < position]
            if len(hits) == len(decls) and not in_between:
                nl = newline_of(ctx.text)
                text = ctx.text[ins.span.start : ins.span.end]
                insert = Edit(Span(at, at), text + nl) if use is not None else Edit(Span(at, at), nl + text)
                fix = Fix.unsafe("Move it after the build steps", [Edit(removed_lines(ctx.text, ins), ""), insert])
            name, span = hits[0]
            count = len(runs)
            yield ctx.violation(
                span,
                f"`{name}` changes every build, so the {count} RUN instruction{'s' if count > 1 else ''} after it "
                f"rerun{'s' if count == 1 else ''} every time; declare it after them",
                fix=fix,
                related=[Related(runs[0].keyword_span, "first RUN whose cache this value invalidates")],
            )
