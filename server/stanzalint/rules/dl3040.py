"""
## What it does
Flags a RUN that runs `dnf install` (or `microdnf install`) without `dnf clean` after it.
`module install`, `reinstall`, `upgrade` and `upgrade-minimal` fill the same cache and are flagged too, under any
of dnf's spellings (`in`, `rei`, `up`, `update`, `up-min`). Other subcommands (`remove`,
`makecache` alone, `clean`) are left alone: they download no packages.

Only what reaches the shipped image counts: the stage built (the last, or `--target`) and the
stages it is built `FROM`. A builder stage is left alone unless a shipped stage copies a
directory holding `/var/cache/dnf` out of it (`COPY --from`) before the builder deletes it:
copying the build output alone ships no cache. Fragments without `FROM` and `ONBUILD`
instructions are always checked.

## Why is this bad?
dnf keeps repository metadata and downloaded packages under `/var/cache/dnf`, often over a
hundred megabytes. Cleaning in a later RUN does not shrink the image, because the layer that
wrote the cache keeps it; `dnf clean all` at the end of the same RUN does.

Also accepted: any `dnf clean` or `microdnf clean` after the install, removing `/var/cache/dnf`
later in the same RUN, and, unlike hadolint, a cache or tmpfs mount on `/var/cache/dnf`:

```dockerfile
RUN --mount=type=cache,target=/var/cache/dnf dnf install -y httpd-2.4.62
```

## Example
```dockerfile
FROM fedora:40
RUN dnf install -y httpd-2.4.62
```

## Use instead
```dockerfile
FROM fedora:40
RUN dnf install -y httpd-2.4.62 && dnf clean all
```

## Fix safety
Safe: appends `&& dnf clean all` to the RUN; it only deletes caches. No fix when the script does
not end with a command.

## Options
None.

## References
- [dnf command reference: clean](https://dnf.readthedocs.io/en/latest/command_ref.html#clean-command)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.rpm_checks import cache_not_cleaned

TOOLS = ("dnf", "microdnf")
CACHES = ("/var/cache/dnf", "/var/cache/libdnf5")


@rule(
    code="DL3040",
    name="dnf-cache-not-cleaned",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    aliases=("DS-0019",),
    scope="instruction",
    reads=("shell", "ships"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    yield from cache_not_cleaned(ctx, TOOLS, CACHES)
