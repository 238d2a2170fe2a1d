"""
## What it does
Flags a RUN that runs `zypper install` without `zypper clean` after it.

Only what reaches the shipped image counts: the stage built (the last, or `--target`) and the
stages it is built `FROM`. A builder stage is left alone unless a shipped stage copies a
directory holding `/var/cache/zypp` out of it (`COPY --from`) before the builder deletes it:
copying the build output alone ships no cache. Fragments without `FROM` and `ONBUILD`
instructions are always checked.

## Why is this bad?
zypper keeps repository metadata and downloaded packages under `/var/cache/zypp`. Cleaning in a
later RUN does not shrink the image, because the layer that wrote the cache keeps it;
`zypper clean` at the end of the same RUN does.

Also accepted, unlike hadolint: removing `/var/cache/zypp` later in the same RUN, and a cache or
tmpfs mount on it:

```dockerfile
RUN --mount=type=cache,target=/var/cache/zypp zypper -n install curl=8.6.0
```

## Example
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n install curl=8.6.0
```

## Use instead
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n install curl=8.6.0 && zypper clean
```

## Fix safety
Safe: appends `&& zypper clean` to the RUN; it only deletes caches. No fix when the script does
not end with a command.

## Options
None.

## References
- [zypper(8)](https://en.opensuse.org/SDB:Zypper_manual)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.edits import append_command
from stanzalint.rules.toolkit.packages import cleans, zypper_sub
from stanzalint.rules.toolkit.shipped import installs_leaving_cache

CACHES = ("/var/cache/zypp",)


@rule(
    code="DL3036",
    name="zypper-cache-not-cleaned",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    aliases=("DS-0020",),
    scope="instruction",
    reads=("shell", "ships"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    found_in = installs_leaving_cache(
        ctx,
        CACHES,
        lambda cmd: zypper_sub(cmd, "install", "in"),
        lambda after: cleans(after, ("zypper",)),
        tools={"zypper"},
    )
    for ins, cmds, _cmd, (install, _rest) in found_in:
        edit = append_command(ctx.text, ins, cmds, "zypper clean")
        fix = Fix.safe("Append `zypper clean` to the RUN", [edit]) if edit else None
        yield ctx.violation(install.span, "Run `zypper clean` after `zypper install` in the same RUN", fix=fix)
