"""
## What it does
Flags `apt-get install` (or `aptitude install`) run without `-y` (`--yes`, `--assume-yes`, or
for apt-get quiet level 2: `-qq`, `-q -q`, `--quiet --quiet` or `-q=2`, which implies it).

## Why is this bad?
A build has no terminal to answer apt's "Do you want to continue? [Y/n]". Without `-y`, apt
aborts as soon as it would install anything beyond the named packages, so the build fails,
or worse works today and fails the day a dependency is added upstream.

## Example
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install --no-install-recommends curl=7.88.1-10+deb12u8
```

## Use instead
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
```

## Fix safety
Safe: `-y` only answers the confirmation prompt the build cannot answer.

## Options
None.

## References
- [apt-get(8): -y, --yes, --assume-yes](https://manpages.debian.org/stable/apt/apt-get.8.en.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.commands import command_rule, short_letters
from stanzalint.rules.toolkit.edits import option_fix
from stanzalint.rules.toolkit.packages import APT_INSTALLERS, apt_get


def quiet_level(cmd) -> int:
    """apt's quiet level: one per ``-q``/``--quiet`` (``-qq`` counts two), or the level set by
    ``-q=N``/``--quiet=N``."""
    options = cmd.args[: next((i for i, w in enumerate(cmd.args) if w.value == "--"), len(cmd.args))]
    level = short_letters(options, "otca").count("q") + sum(w.value == "--quiet" for w in options)
    for w in options:
        name, _, value = w.value.partition("=")
        if name in ("-q", "--quiet") and value.isdigit():
            level = max(level, int(value))
    return level


def assumes_yes(cmd) -> bool:
    if cmd.has_option("-y", "--yes", "--assume-yes", "--force-yes"):
        return True
    if cmd.name == "apt-get" and quiet_level(cmd) >= 2:
        return True
    option = cmd.option_value("-o", "--option") or ""
    return option.lower().startswith("apt::get::assume-yes=") and option.split("=", 1)[1].lower() in (
        "1",
        "true",
        "yes",
    )


@command_rule(
    code="DL3014",
    names=APT_INSTALLERS,
    name="apt-get-install-without-yes",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    aliases=("DS-0021",),
)
def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
    found = apt_get(cmd, "install")
    if found is None or assumes_yes(cmd):
        return
    if cmd.pipe_prev and cmds.index(cmd) > 0 and cmds[cmds.index(cmd) - 1].name == "yes":
        return
    install = found[0]
    fix = option_fix(ctx, install, "-y")
    yield ctx.violation(install.span, f"Add `-y` so `{cmd.name} install` does not wait for a confirmation", fix=fix)
