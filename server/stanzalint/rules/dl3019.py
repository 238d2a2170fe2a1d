"""
## What it does
Flags `apk add` without `--no-cache`.

Only what reaches the shipped image counts: the stage built (the last, or `--target`) and the
stages it is built `FROM`. A builder stage is left alone unless a shipped stage copies a
directory holding `/var/cache/apk` out of it (`COPY --from`) before the builder deletes it:
copying the build output alone ships no cache. Fragments without `FROM` and `ONBUILD`
instructions are always checked.

## Why is this bad?
Without `--no-cache`, apk stores the repository indexes (a few megabytes per repository, and
`--update` refreshes them) and may keep downloaded packages under `/var/cache/apk`, all of which
stay in the layer. `--no-cache` fetches fresh indexes for the command and keeps nothing, so
there is also no need for `apk update` or a later cleanup.

Also accepted, unlike hadolint: a cache or tmpfs mount on `/var/cache/apk` (or `/etc/apk/cache`),
and removing `/var/cache/apk` later in the same RUN.

```dockerfile
RUN --mount=type=cache,target=/var/cache/apk apk add curl=8.9.1-r2
```

## Example
```dockerfile
FROM alpine:3.20
RUN apk update && apk add curl
```

## Use instead
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl
```

## Fix safety
Safe: `--no-cache` only changes where apk keeps its indexes and packages.

## Options
None.

## References
- [Alpine wiki: apk local cache](https://wiki.alpinelinux.org/wiki/Local_APK_cache)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.cleanup import removes
from stanzalint.rules.toolkit.commands import later, runs_running
from stanzalint.rules.toolkit.edits import option_fix
from stanzalint.rules.toolkit.mounts import mounted
from stanzalint.rules.toolkit.packages import apk_add
from stanzalint.rules.toolkit.shipped import ships

APK_CACHES = ("/var/cache/apk", "/etc/apk/cache")


@rule(
    code="DL3019",
    name="apk-add-without-no-cache",
    severity=Severity.INFO,
    fix=FixAvailability.SOMETIMES,
    aliases=("DS-0025",),
    scope="instruction",
    reads=("shell", "ships"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for ins, cmds in runs_running(ctx, {"apk"}):
        for cmd in cmds:
            found = apk_add(cmd)
            if found is None or cmd.has_option("--no-cache"):
                continue
            if mounted(ins, *APK_CACHES) or removes(later(cmds, cmd), "/var/cache/apk"):
                continue
            if not ships(ctx.analysis, ins, APK_CACHES):
                continue
            add = found[0]
            fix = option_fix(ctx, add, "--no-cache")
            yield ctx.violation(add.span, "Add `--no-cache` so apk keeps no indexes or packages in the image", fix=fix)
