"""
## What it does
Flags a `CMD`, `ENTRYPOINT` or `HEALTHCHECK` that a later instruction of the same kind in the
same stage replaces. BuildKit's `MultipleInstructionsDisallowed` build check; the finding is on
the instruction that is ignored.

## Why is this bad?
An image has one command, one entrypoint and one health check: only the last of each in a
stage takes effect, and the earlier ones do nothing but mislead the reader (a common leftover
of copy-paste or of a `CMD` kept "for documentation"). hadolint's DL4003 and DL4004 cover
`CMD` and `ENTRYPOINT` and report the later instruction; this check follows BuildKit and also
covers `HEALTHCHECK`.

## Example
```dockerfile
FROM python:3.12-slim
CMD ["python", "-m", "http.server"]
CMD ["gunicorn", "app:app"]
```

## Use instead
```dockerfile
FROM python:3.12-slim
CMD ["gunicorn", "app:app"]
```

## Fix safety
No automatic fix: deleting the ignored instruction keeps the image the same, but it is often a
sign that the wrong one was kept; decide which one you meant.

## Options
None.

## References
- [Docker build checks: MultipleInstructionsDisallowed](https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Related, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.stages import stage_body
from stanzalint.syntax.model import Instruction

_ONCE = ("CMD", "ENTRYPOINT", "HEALTHCHECK")


@rule(
    code="SZ809",
    name="multiple-instructions-disallowed",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    aliases=("MultipleInstructionsDisallowed",),
    scope="stage",
    reads_commands=(),  # the keywords of the stage's instructions only: no RUN's commands
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for stage in ctx.analysis.stages:
        last: dict[str, Instruction] = {}
        for ins in stage_body(stage):
            kw = ins.keyword
            if kw not in _ONCE:
                continue
            earlier = last.get(kw)
            if earlier is not None:
                yield ctx.violation(
                    earlier.keyword_span,
                    f"This {kw} is ignored: a later {kw} in the same stage replaces it",
                    related=[Related(ins.keyword_span, f"the {kw} that takes effect")],
                )
            last[kw] = ins
