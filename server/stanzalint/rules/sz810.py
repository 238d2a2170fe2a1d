"""
## What it does
Flags `ENV` and `LABEL` written in the legacy whitespace form, `ENV NAME value`, instead of
`ENV NAME=value`. BuildKit's `LegacyKeyValueFormat` build check.

## Why is this bad?
In the legacy form everything after the first space is the value, spaces included, and only
one variable fits on the line: `ENV PATH /opt/bin:$PATH LANG C.UTF-8` sets `PATH` to the whole
rest of the line. The `NAME=value` form says where each value ends, allows several pairs per
instruction, and is the only form the Dockerfile reference still documents; the legacy form may
be removed.

## Example
```dockerfile
FROM debian:12-slim
ENV APP_HOME /srv/app
LABEL maintainer Jane Doe
```

## Use instead
```dockerfile
FROM debian:12-slim
ENV APP_HOME=/srv/app
LABEL maintainer="Jane Doe"
```

## Fix safety
Safe: the value is written after `=`, in double quotes when it contains spaces, so the variable
or label gets the same value. Offered only when that holds for sure: a value with unquoted
spaces that also contains quotes or the escape character is left to you.

## Options
None.

## References
- [Docker build checks: LegacyKeyValueFormat](https://docs.docker.com/reference/build-checks/legacy-key-value-format/)
- [Dockerfile reference: ENV](https://docs.docker.com/reference/dockerfile/#env)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.stages import stage_body
from stanzalint.syntax.model import Span


def _needs_quotes(value: str, esc: str) -> bool | None:
    """Whether ``value`` has whitespace outside quotes (BuildKit would split it into words);
    None when a quote is never closed."""
    quote = ""
    i = 0
    while i < len(value):
        ch = value[i]
        if quote:
            if ch == quote:
                quote = ""
            elif ch == esc and quote == '"':
                i += 1
        elif ch == esc:
            i += 1
        elif ch in "\"'":
            quote = ch
        elif ch.isspace():
            return True
        i += 1
    return None if quote else False


def replacement(value: str, esc: str) -> str | None:
    """The text after ``=`` that gives the same value, or None when no edit is sure to."""
    needs = _needs_quotes(value, esc)
    if needs is None:
        return None
    if not needs:
        return value
    if any(c in value for c in ('"', "'", esc, "\n")):
        return None
    return f'"{value}"'


@rule(
    code="SZ810",
    name="legacy-key-value-format",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    aliases=("LegacyKeyValueFormat",),
    scope="stage",
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    esc = ctx.dockerfile.escape or "\\"
    text = ctx.text
    for stage in ctx.analysis.stages:
        for ins in stage_body(stage):
            if ins.keyword not in ("ENV", "LABEL") or len(ins.args) != 2:
                continue
            key, val = ins.args
            if key.span.end >= len(text) or text[key.span.end] == "=":
                continue
            fix = None
            new = replacement(val.value, esc)
            if new is not None:
                fix = Fix.safe(
                    f"Write `{ins.keyword} {key.value}={new}`", [Edit(Span(key.span.end, val.span.end), "=" + new)]
                )
            yield ctx.violation(
                key.span,
                f"Write `{ins.keyword} {key.value}=value` instead of the legacy `{ins.keyword} {key.value} value` form",
                fix=fix,
            )
