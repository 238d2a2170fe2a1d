"""
## What it does
Flags a RUN that runs `yum install` (or `yum module install`) without `yum clean` after it.
`reinstall` and `update`/`upgrade` fill the same cache and are flagged too (hadolint leaves
them alone). Other subcommands (`remove`, `clean`) are left alone: they download no packages.

Only what reaches the shipped image counts: the stage built (the last, or `--target`) and the
stages it is built `FROM`. A builder stage is left alone unless a shipped stage copies a
directory holding `/var/cache/yum` out of it (`COPY --from`) before the builder deletes it:
copying the build output alone ships no cache. Fragments without `FROM` and `ONBUILD`
instructions are always checked.

## Why is this bad?
yum keeps repository metadata and downloaded packages under `/var/cache/yum`, often over a
hundred megabytes. Cleaning in a later RUN does not shrink the image, because the layer that
wrote the cache keeps it; `yum clean all` at the end of the same RUN does.

Also accepted: any `yum clean` after the install, removing `/var/cache/yum` later in the same
RUN, and, unlike hadolint, a cache or tmpfs mount on `/var/cache/yum`:

```dockerfile
RUN --mount=type=cache,target=/var/cache/yum yum install -y httpd-2.4.6
```

## Example
```dockerfile
FROM centos:7
RUN yum install -y httpd-2.4.6
```

## Use instead
```dockerfile
FROM centos:7
RUN yum install -y httpd-2.4.6 && yum clean all
```

## Fix safety
Safe: appends `&& yum clean all` to the RUN; it only deletes caches. No fix when the script does
not end with a command.

## Options
None.

## References
- [yum(8): clean](https://man7.org/linux/man-pages/man8/yum.8.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.rpm_checks import cache_not_cleaned

TOOLS = ("yum",)
CACHES = ("/var/cache/yum",)


@rule(
    code="DL3032",
    name="yum-cache-not-cleaned",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    aliases=("DS-0015",),
    scope="instruction",
    reads=("shell", "ships"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    yield from cache_not_cleaned(ctx, TOOLS, CACHES)
