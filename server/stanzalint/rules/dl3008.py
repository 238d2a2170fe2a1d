"""
## What it does
Flags packages in `apt-get install` (or `aptitude install`) that carry no version (`curl` rather
than `curl=8.5.0-2`).

## Why is this bad?
Without a version, `apt-get install` takes whatever the mirror offers on the day of the build.
Two builds of the same Dockerfile a month apart then ship different packages, and a rebuild to
patch something unrelated can pull in a behaviour change nobody reviewed. Pinning makes the
build repeatable and every upgrade a visible change in the Dockerfile.

A package counts as pinned with `=version`, with a release (`curl/bookworm-backports`), or
when it is a `.deb` file. Words whose value comes from a variable (`$PACKAGES`) are not judged
(hadolint flags them): what they hold is decided at build time.

## Example
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Use instead
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
```

## Fix safety
No automatic fix: the right version depends on the distribution release you build against.

## Options
None.

## References
- [Docker docs: apt-get best practices](https://docs.docker.com/build/building/best-practices/#apt-get)
- [apt-get(8)](https://manpages.debian.org/stable/apt/apt-get.8.en.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.commands import command_rule, positionals
from stanzalint.rules.toolkit.packages import APT_INSTALLERS, APT_WITH_VALUE, apt_get, apt_is_pinned, judgeable


@command_rule(
    code="DL3008",
    names=APT_INSTALLERS,
    name="apt-get-unpinned-packages",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
)
def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
    found = apt_get(cmd, "install")
    if found is None:
        return
    for word in positionals(found[1], APT_WITH_VALUE):
        if judgeable(word) and not apt_is_pinned(word.value):
            yield ctx.violation(word.span, f"Pin the version of `{word.value}` (`{word.value}=<version>`)")
