"""
## What it does
Flags an `EXPOSE` port outside 0–65535, such as `EXPOSE 80800`.

## Why is this bad?
TCP and UDP ports are 16-bit numbers. A larger number is a typo (an extra digit, a pasted
range) and the builder rejects it or the runtime cannot publish it, so the service is not
reachable where the Dockerfile says.

## Example
```dockerfile
FROM nginx:1.27
EXPOSE 80800
```

## Use instead
```dockerfile
FROM nginx:1.27
EXPOSE 8080
```

## Fix safety
No automatic fix: the intended port is unknown.

## Options
None.

## References
- [Dockerfile reference: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule


@rule(
    code="DL3011",
    name="expose-port-out-of-range",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    practice="h",
    aliases=("DS-0008",),
    scope="instruction",
    reads=("shell", "variables", "ships"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for ins in ctx.dockerfile.of_keyword("EXPOSE"):
        for token in ins.args:
            value, known = ctx.analysis.resolve(token.value, ins)
            if not known:
                continue
            ports = value.split("/", 1)[0].split("-")
            bad = [p for p in ports if p.isdigit() and int(p) > 65535]
            if bad:
                yield ctx.violation(
                    token.span,
                    f"Port {bad[0]} is out of range: ports go from 0 to 65535",
                    instruction_line=ins.start_line,
                )
