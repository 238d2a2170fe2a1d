"""
## What it does
Flags packages in `npm install <package>` given without a version (`express` rather than
`express@4.19.2`).

## Why is this bad?
Without a version npm resolves the `latest` tag at build time, so the same Dockerfile installs
different code from one build to the next, including new major versions and, in the worst
case, a hijacked release. A version (or installing from a lockfile with `npm ci`) makes the
build repeatable.

Not flagged: `npm install` with no package (it reads `package.json`), local paths and
tarballs, git URLs with a `#ref`, and words whose value comes from a variable.

## Example
```dockerfile
FROM node:20-slim
RUN npm install -g pnpm
```

## Use instead
```dockerfile
FROM node:20-slim
RUN npm install -g pnpm@9.1.0
```

## Fix safety
No automatic fix: the right version is the one you tested.

## Options
None.

## References
- [npm install](https://docs.npmjs.com/cli/commands/npm-install)
- [npm ci](https://docs.npmjs.com/cli/commands/npm-ci)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.commands import command_rule, positionals
from stanzalint.rules.toolkit.packages import judgeable, manager_subcommand

NPM_WITH_VALUE = (
    "--registry",
    "--prefix",
    "--cache",
    "--tag",
    "-w",
    "--workspace",
    "--omit",
    "--include",
    "--loglevel",
    "--userconfig",
    "--save-prefix",
    "--install-strategy",
)


def is_pinned(package: str) -> bool:
    if package.startswith((".", "/", "~")) or package.endswith((".tgz", ".tar.gz", ".tar")):
        return True
    if "://" in package or package.startswith(("git+", "git@", "github:", "gitlab:", "bitbucket:")):
        return "#" in package or "://" in package and not package.startswith("git")
    if "/" in package and not package.startswith("@"):
        return "#" in package  # GitHub shorthand: user/repo#ref
    if "@" in package[1:]:
        return True
    return False


@command_rule(
    code="DL3016",
    names=("npm",),
    name="npm-unpinned-packages",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
)
def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
    found = manager_subcommand(cmd, ("npm",), NPM_WITH_VALUE, ("install",))
    if found is None:
        return
    for word in positionals(found[1], NPM_WITH_VALUE):
        if judgeable(word) and not is_pinned(word.value):
            v = word.value
            hint = f"`{v}#<ref>`" if "/" in v and not v.startswith("@") else f"`{v}@<version>`"
            yield ctx.violation(word.span, f"Pin the version of `{v}` ({hint})")
