"""
## What it does
Flags an `EXPOSE` port written with a host IP address or host port, such as
`EXPOSE 127.0.0.1:8080:80` or `EXPOSE 8080:80`. BuildKit's `ExposeInvalidFormat` build check.

## Why is this bad?
`EXPOSE` only documents which ports the container listens on; it never publishes anything on
the host. BuildKit keeps the container port and drops the rest, so the address and host port
are misleading: they look like a binding that does not exist. Publishing is decided where the
container runs (`docker run -p 127.0.0.1:8080:80`, Compose `ports:`). BuildKit announces this
will become an error.

## Example
```dockerfile
FROM nginx:1.27
EXPOSE 127.0.0.1:8080:80/tcp
```

## Use instead
```dockerfile
FROM nginx:1.27
EXPOSE 80/tcp
```

## Fix safety
Safe: the port is rewritten as the container port and protocol, which is all BuildKit
records in the image. Offered when the port is written literally (no variables).

## Options
None.

## References
- [Docker build checks: ExposeInvalidFormat](https://docs.docker.com/reference/build-checks/expose-invalid-format/)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.ports import exposed_ports


@rule(
    code="SZ817",
    name="expose-invalid-format",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    aliases=("ExposeInvalidFormat",),
    scope="stage",
    reads=("global-args", "base-stages"),
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for port in exposed_ports(ctx):
        if not port.host_ip and not port.host_port:
            continue
        container = port.container + (f"/{port.proto}" if port.proto is not None else "")
        fix = None
        if port.literal and port.container:
            fix = Fix.safe(f"Write `{container}`", [Edit(port.token.span, container)])
        yield ctx.violation(
            port.token.span,
            f"EXPOSE `{port.text}` names a host address or port, which EXPOSE ignores; write only `{container}`",
            fix=fix,
        )
