"""
## What it does
Flags `apt-get install` run without `--no-install-recommends`, and `aptitude install` without
`--without-recommends` (`-R`): both install recommended packages by default.

## Why is this bad?
By default apt also installs every package the named ones merely *recommend*: documentation
tools, X11 libraries, compilers pulled in by a `-dev` package. They add tens or hundreds of
megabytes, more files to scan and patch, and more attack surface, for features the image
almost never uses. Asking for them explicitly keeps the image to what you chose.

Setting `-o APT::Install-Recommends=false` counts too. The fix adds the option the installer
knows (`--without-recommends` for aptitude).

## Example
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u8
```

## Use instead
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
```

## Fix safety
Unsafe: a program may rely on a recommended package (a CA bundle, a locale, a helper binary)
that the image would no longer contain.

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
from stanzalint.rules.toolkit.commands import command_rule, short_letters
from stanzalint.rules.toolkit.edits import option_fix
from stanzalint.rules.toolkit.packages import APT_INSTALLERS, apt_get

#: the option that leaves recommended packages out, by installer
NO_RECOMMENDS = {"apt-get": "--no-install-recommends", "aptitude": "--without-recommends"}


def skips_recommends(cmd) -> bool:
    if cmd.has_option("--no-install-recommends", "--without-recommends") or (
        cmd.name == "aptitude" and "R" in short_letters(cmd.args, "otcaFwO")
    ):
        return True
    for i, w in enumerate(cmd.args):
        if w.value in ("-o", "--option") and i + 1 < len(cmd.args):
            value = cmd.args[i + 1].value
        elif w.value.startswith("--option="):
            value = w.value[len("--option=") :]
        elif w.value.startswith("-o") and len(w.value) > 2:
            value = w.value[2:]
        else:
            continue
        key, _, setting = value.partition("=")
        if key.lower() == "apt::install-recommends" and setting.lower() in ("0", "false", "no", "off"):
            return True
    return False


@command_rule(
    code="DL3015",
    names=APT_INSTALLERS,
    name="apt-get-install-recommends",
    severity=Severity.INFO,
    fix=FixAvailability.SOMETIMES,
    aliases=("DS-0029",),
)
def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
    found = apt_get(cmd, "install")
    if found is None or skips_recommends(cmd):
        return
    install = found[0]
    option = NO_RECOMMENDS[cmd.name]
    fix = option_fix(ctx, install, option, safe=False)
    yield ctx.violation(install.span, f"Add `{option}` to install only the packages you name", fix=fix)
