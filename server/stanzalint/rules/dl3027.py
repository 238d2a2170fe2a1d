"""
## What it does
Flags the `apt` command in RUN; scripts should call `apt-get` or `apt-cache`.

## Why is this bad?
`apt` is the interactive front end: its output and behaviour may change between releases
and it warns "apt does not have a stable CLI interface. Use with caution in scripts." `apt-get`
and `apt-cache` keep a stable interface for scripts such as a Dockerfile.

## Example
```dockerfile
FROM debian:12
RUN apt update && apt install -y curl
```

## Use instead
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y curl
```

## Fix safety
Safe for the subcommands `apt-get` and `apt-cache` share with `apt` (`install`, `update`,
`remove`, `show`, `search`...): the same operation through the stable interface. No fix for
`apt list` or `apt full-upgrade`, which have no exact equivalent.

## Options
None.

## References
- [apt(8): script usage](https://manpages.debian.org/stable/apt/apt.8.en.html#SCRIPT_USAGE_AND_DIFFERENCES_FROM_OTHER_APT_TOOLS)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand
from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.commands import command_rule, name_word, positionals, word_is_plain
from stanzalint.rules.toolkit.packages import APT_WITH_VALUE

APT_GET = frozenset(
    {
        "install",
        "update",
        "upgrade",
        "remove",
        "purge",
        "autoremove",
        "dist-upgrade",
        "clean",
        "autoclean",
        "source",
        "build-dep",
        "download",
        "check",
        "satisfy",
        "reinstall",
        "changelog",
        "autopurge",
    }
)
APT_CACHE = frozenset({"show", "search", "policy", "depends", "rdepends", "showsrc", "showpkg"})


@command_rule(
    code="DL3027",
    names=("apt",),
    name="apt-instead-of-apt-get",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    aliases=("CKV_DOCKER_9",),
)
def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
    if cmd.name != "apt":
        return
    word = name_word(cmd)
    pos = positionals(cmd.args, APT_WITH_VALUE)
    sub = pos[0].value if pos else ""
    tool = "apt-get" if sub in APT_GET else "apt-cache" if sub in APT_CACHE else None
    fix = None
    if tool is not None and word_is_plain(ctx, word):
        prefix = word.value[: len(word.value) - len("apt")]
        if ctx.source(word.span) == word.value:
            fix = Fix.safe(f"Use `{tool}`", [Edit(word.span, prefix + tool)])
    shown = tool or "apt-get"
    yield ctx.violation(word.span, f"Use `{shown}` in scripts; `apt` is meant for interactive use", fix=fix)
