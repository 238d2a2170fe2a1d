"""
## What it does
Flags an empty line inside an instruction continued with `\\` (BuildKit's
`NoEmptyContinuation` build check).

## Why is this bad?
BuildKit skips a blank line that follows a line ending in the escape character and keeps
reading the same instruction, so the blank line does not end the instruction as it appears to.
That hides mistakes: a forgotten `\\` two lines up silently glues the next instruction into this
one. BuildKit warns that these lines will become an error in a future release.

Comment lines inside a continued instruction are fine and are not flagged.

## Example
```dockerfile
FROM debian:12-slim
RUN apt-get update && \

    apt-get install -y --no-install-recommends curl
```

## Use instead
```dockerfile
FROM debian:12-slim
RUN apt-get update && \
    apt-get install -y --no-install-recommends curl
```

## Fix safety
Safe: the empty lines are deleted; BuildKit already skipped them, so the instruction it builds
is unchanged.

## Options
None.

## References
- [Docker build checks: NoEmptyContinuation](https://docs.docker.com/reference/build-checks/no-empty-continuation/)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.continuations import continued_line, may_find_blank_lines, walk_continued
from stanzalint.syntax.model import Span


@rule(
    code="SZ803",
    name="no-empty-continuation",
    severity=Severity.WARNING,
    fix=FixAvailability.ALWAYS,
    aliases=("NoEmptyContinuation",),
    scope="instruction",
    reads=("continued-outside",),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    df = ctx.dockerfile
    lines = df.lines
    continued = continued_line(df.escape or "\\")
    for ins in df.instructions:
        if not continued.search(lines.line_text(ins.start_line)):
            continue
        if not may_find_blank_lines(df, ins.start_line, ins.span.end):
            continue
        empty, _stop = walk_continued(lines, ins.start_line, continued)
        if not empty:
            continue
        edits = []
        for n in empty:
            start = lines.line_starts[n]
            end = lines.line_starts[n + 1] if n + 1 < lines.line_count else len(ctx.text)
            edits.append(Edit(Span(start, end), ""))
        first = empty[0]
        span = Span(lines.line_starts[first], lines.line_end(first))
        word = "line" if len(empty) == 1 else "lines"
        yield ctx.violation(
            span,
            f"Empty line inside the continued {ins.keyword} instruction; BuildKit will reject these",
            fix=Fix.safe(f"Delete the empty {word}", edits),
            instruction_line=ins.start_line,
        )
