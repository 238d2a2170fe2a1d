"""
## What it does
Flags a shipped image without a `HEALTHCHECK`: neither the final stage nor the stages it is built
on through `FROM <stage>` declare one. Off by default; on in the `strict` profile.

## Why is this bad?
Without a health check the runtime only knows whether the process is alive, not whether it
answers. A server stuck in a deadlock or waiting on a dead database stays "running", receives
traffic and is never restarted. `HEALTHCHECK` lets Docker and Swarm mark it unhealthy (Kubernetes
uses its own probes, which is why this rule is off by default).

hadolint reports every stage that neither declares a `HEALTHCHECK` nor is built on a stage that
does; stanzalint looks at the image that is shipped, so a builder stage never needs one:

```dockerfile
FROM golang:1.23 AS build      # hadolint: HEALTHCHECK missing; stanzalint: nothing
RUN go build -o /app .
FROM gcr.io/distroless/static-debian12
COPY --from=build /app /app
HEALTHCHECK CMD ["/app", "health"]
```

## Example
```dockerfile
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
```

## Use instead
```dockerfile
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
HEALTHCHECK --interval=30s CMD ["curl", "-fsS", "http://localhost/"]
```

## Fix safety
No automatic fix: how to probe the service is specific to it.

## Options
None.

## References
- [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.stages import chain_instructions


@rule(
    code="DL3057",
    name="healthcheck-missing",
    severity=Severity.INFO,
    fix=FixAvailability.NEVER,
    practice="h",
    enabled=False,
    aliases=("DS-0026", "CKV_DOCKER_2"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    final = ctx.analysis.final_stage
    if final is None:
        return
    if any(ins.keyword == "HEALTHCHECK" for _, ins in chain_instructions(final)):
        return
    ins = final.from_instruction
    yield ctx.violation(ins.keyword_span, "The shipped image has no HEALTHCHECK", instruction_line=ins.start_line)
