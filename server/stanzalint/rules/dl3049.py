"""
## What it does
Flags a shipped image that lacks a label the configured `label_schema` requires. Only active
when `label_schema` is configured.

## Why is this bad?
A schema is an agreement that every image carries the same metadata (source, revision, owner,
license) so that registries, scanners and people can answer "where does this come from?" for
any image. One missing label breaks that for this image.

hadolint checks each stage; stanzalint checks the image that is built: the final stage, with the
labels it inherits from the stages it is built on through `FROM <stage>`. Builder stages need no
labels.

## Example
```dockerfile
# label_schema = { "org.opencontainers.image.source" = "url" }
FROM alpine:3.20
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.source="https://github.com/org/repo"
```

## Fix safety
No automatic fix: the value is not known.

## Options
`label_schema` (top-level setting, hadolint's `label-schema`): label key to type.

## References
- [hadolint: label schema](https://github.com/hadolint/hadolint#linting-labels)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.stages import chain_instructions


@rule(code="DL3049", name="label-missing", severity=Severity.INFO, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    schema = ctx.config.label_schema
    final = ctx.analysis.final_stage
    if not schema or final is None:
        return
    present: set[str] = set()
    for _, ins in chain_instructions(final):
        if ins.keyword == "LABEL":
            present |= {ctx.analysis.resolve(t.value, ins)[0] for t in ins.args[0::2]}
    ins = final.from_instruction
    for key in sorted(schema):
        if key not in present:
            yield ctx.violation(
                ins.keyword_span,
                f"Label `{key}` required by the label schema is missing",
                instruction_line=ins.start_line,
            )
