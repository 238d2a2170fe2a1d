"""
## What it does
Flags a `COPY` or `ADD` source from the build context that the context's `.dockerignore`
excludes (the Dockerfile's own `<name>.dockerignore` when it exists, else `.dockerignore` in
the build context, the Dockerfile's directory). BuildKit's `CopyIgnoredFile` build check, on
by default since BuildKit's Dockerfile frontend 1.21; without a known `.dockerignore` (no file
path, no ignore file) there is nothing to check.

As in BuildKit, `.` and `/` are flagged only when a pattern excludes everything (`*`, `**`,
`**/*`), and `COPY --from=` is not checked. Unlike BuildKit, an ignore file with `!` exceptions
turns the check off: BuildKit flags `COPY config` when `config/` is ignored and
`!config/keep` re-includes part of it, though the directory still arrives with `config/keep`
in it; which files an exception brings back into a copied directory is not known from the
Dockerfile.

## Why is this bad?
An ignored path never reaches the builder: the `COPY` fails with "not found", or, when the
source is a directory or a wildcard, silently copies less than it says. Either the
`.dockerignore` excludes too much or the `COPY` names something that should not be in the image.

## Example
```dockerfile
# .dockerignore contains: config/
FROM nginx:1.27
COPY config/nginx.conf /etc/nginx/nginx.conf
```

## Use instead
```dockerfile
# .dockerignore contains: config/*
#                         !config/nginx.conf
FROM nginx:1.27
COPY config/nginx.conf /etc/nginx/nginx.conf
```

## Fix safety
No automatic fix: either the `.dockerignore` or the `COPY` is wrong.

## Options
None.

## References
- [Docker build checks: CopyIgnoredFile](https://docs.docker.com/reference/build-checks/copy-ignored-file/)
- [Docker docs: .dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.dockerignore import clean, load_matcher
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.copies import copy_operands, is_heredoc_word, is_remote
from stanzalint.rules.toolkit.stages import stage_body

_ROOT_PATTERNS = {"*", "**", "**/*"}


@rule(
    code="SZ815",
    name="copy-ignored-file",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    aliases=("CopyIgnoredFile",),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    if not ctx.path:
        return
    matcher = None
    loaded = False
    for stage in ctx.analysis.stages:
        for ins in stage_body(stage):
            if ins.keyword not in ("COPY", "ADD") or ins.flag("from") is not None:
                continue
            if not loaded:
                matcher = load_matcher(ctx.path)
                loaded = True
            if matcher is None or matcher.has_exclusions:
                return
            sources, _ = copy_operands(ins)
            for token in sources:
                if is_heredoc_word(token.value) or is_remote(token.value):
                    continue
                value, known = ctx.analysis.resolve(token.value, ins)
                if not known:
                    continue
                src = clean(value)
                if src in (".", "/") and not any(
                    not p.exclusion and p.text in _ROOT_PATTERNS for p in matcher.patterns
                ):
                    continue
                if matcher.matches_or_parent_matches(src):
                    verb = "ADD" if ins.keyword == "ADD" else "COPY"
                    yield ctx.violation(
                        token.span, f"`{src}` is excluded by .dockerignore, so {verb} cannot read it from the context"
                    )
