"""
## What it does
Flags an `EXPOSE` port whose protocol is not written in lower case (`80/TCP`), BuildKit's
`ExposeProtoCasing` build check.

## Why is this bad?
BuildKit accepts `TCP`, `Udp` and so on and lower-cases them, but the image metadata, `docker
run -p` and orchestrators spell protocols in lower case; an upper-case `EXPOSE` looks like a
different port in reviews and greps.

## Example
```dockerfile
FROM nginx:1.27
EXPOSE 80/TCP 53/UDP
```

## Use instead
```dockerfile
FROM nginx:1.27
EXPOSE 80/tcp 53/udp
```

## Fix safety
Safe: only the case of the protocol changes; BuildKit records the same port.

## Options
None.

## References
- [Docker build checks: ExposeProtoCasing](https://docs.docker.com/reference/build-checks/expose-proto-casing/)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.ports import exposed_ports


@rule(
    code="SZ816",
    name="expose-proto-casing",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    aliases=("ExposeProtoCasing",),
    scope="stage",
    reads=("global-args", "base-stages"),
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for port in exposed_ports(ctx):
        proto = port.proto
        if proto is None or proto == proto.lower():
            continue
        fix = None
        if port.proto_span is not None:
            fix = Fix.safe(f"Write `{proto.lower()}`", [Edit(port.proto_span, proto.lower())])
        yield ctx.violation(
            port.token.span, f"Write the protocol of `{port.text}` in lower case (`{proto.lower()}`)", fix=fix
        )
