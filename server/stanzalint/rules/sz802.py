"""
## What it does
Flags `FROM ... AS name` where the `AS` keyword is not written in the same case as `FROM`
(`FROM alpine as base`, `from alpine AS base`), BuildKit's `FromAsCasing` build check.

## Why is this bad?
Keywords are case-insensitive, so the build is not affected, but a Dockerfile that mixes
`FROM` with `as` reads as if written by several hands and makes searching for stage
definitions (`grep ' AS '`) miss some. Matching the case of `FROM` keeps the file uniform.
A `FROM` keyword in mixed case (`From`) is left to the instruction-casing check.

## Example
```dockerfile
FROM python:3.12-slim as base
```

## Use instead
```dockerfile
FROM python:3.12-slim AS base
```

## Fix safety
Safe: only the case of the `AS` keyword changes.

## Options
None.

## References
- [Docker build checks: FromAsCasing](https://docs.docker.com/reference/build-checks/from-as-casing/)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.stages import stage_name_tokens


@rule(
    code="SZ802",
    name="from-as-casing",
    severity=Severity.WARNING,
    fix=FixAvailability.ALWAYS,
    aliases=("FromAsCasing",),
    scope="stage",
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for stage in ctx.analysis.stages:
        ins = stage.from_instruction
        tokens = stage_name_tokens(ins)
        if tokens is None:
            continue
        as_token = tokens[0]
        keyword = ins.keyword_text
        if keyword == keyword.lower():
            wanted = "as"
        elif keyword == keyword.upper():
            wanted = "AS"
        else:
            continue
        if as_token.value == wanted:
            continue
        fix = Fix.safe(f"Write `{wanted}`", [Edit(as_token.span, wanted)])
        yield ctx.violation(as_token.span, f"Write `{as_token.value}` as `{wanted}` to match `{keyword}`", fix=fix)
