"""
## What it does
Flags an instruction other than `ARG` before the first `FROM` (or in a file without `FROM`).

## Why is this bad?
Instructions act on a stage, and a stage starts at `FROM`; before it only `ARG` (for values used
in `FROM` lines), comments and parser directives may stand. Anything else makes the file
unbuildable. Files without `FROM` are often fragments concatenated by a script: lint the
assembled Dockerfile instead.

This is the hadolint-compatible code for what the parser reports as SZ009 (an instruction before
the first `FROM`) and SZ008 (no `FROM` at all, reported once). To avoid reporting one mistake
twice, DL3061 stays silent while the matching syntax rule is enabled; select DL3061 alone or
ignore SZ008/SZ009 to see it under this code, one finding per instruction as hadolint does.

## Example
```dockerfile
ENV PYTHONUNBUFFERED=1
FROM python:3.12-slim
```

## Use instead
```dockerfile
FROM python:3.12-slim
ENV PYTHONUNBUFFERED=1
```

## Fix safety
No automatic fix: where the instruction belongs is for you to say.

## Options
None.

## References
- [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
- [Dockerfile reference: understand how ARG and FROM interact](https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule


@rule(code="DL3061", name="invalid-instruction-order", severity=Severity.ERROR, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    has_from = any(ins.keyword == "FROM" for ins in ctx.dockerfile.instructions)
    if ctx.is_enabled("SZ009" if has_from else "SZ008"):
        return
    for ins in ctx.dockerfile.instructions:
        if ins.keyword == "FROM":
            return
        if ins.keyword != "ARG":
            yield ctx.violation(
                ins.keyword_span,
                f"{ins.keyword} before the first FROM: only ARG may come before it",
                instruction_line=ins.start_line,
            )
