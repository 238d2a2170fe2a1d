"""
## What it does
Flags `go install`, `go get` and `go run` of a remote package without a version
(`golang.org/x/tools/gopls` rather than `golang.org/x/tools/gopls@v0.16.1`), or with `@latest`.

## Why is this bad?
Outside a module, or for tools, these commands resolve the newest version at build time, so
rebuilding the same Dockerfile can install different code. `@<version>` (a tag or commit) makes
the build repeatable.

Local packages (`.`, `./...`, `./cmd/app`) and `.go` files are not flagged (hadolint flags
`go run main.go`), nor are words whose value comes from a variable.

## Example
```dockerfile
FROM golang:1.22
RUN go install golang.org/x/tools/gopls@latest
```

## Use instead
```dockerfile
FROM golang:1.22
RUN go install golang.org/x/tools/gopls@v0.16.1
```

## Fix safety
No automatic fix: the right version is the one you tested.

## Options
None.

## References
- [go install](https://go.dev/ref/mod#go-install)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.commands import command_rule, positionals
from stanzalint.rules.toolkit.packages import judgeable, manager_subcommand

GO_WITH_VALUE = (
    "-ldflags",
    "-gcflags",
    "-tags",
    "-o",
    "-mod",
    "-modfile",
    "-p",
    "-pkgdir",
    "-asmflags",
    "-buildmode",
    "-compiler",
    "-gccgoflags",
    "-installsuffix",
    "-overlay",
    "-pgo",
    "-toolexec",
    "-C",
    "-exec",
    "--ldflags",
    "--tags",
)


def is_pinned(package: str) -> bool:
    if package.startswith((".", "/")) or package.endswith(".go"):
        return True
    if "@" not in package:
        return False
    return package.rsplit("@", 1)[1] not in ("latest", "")


@command_rule(
    code="DL3062",
    names=("go",),
    name="go-unpinned-packages",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
)
def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
    found = manager_subcommand(cmd, ("go",), (), ("install", "get", "run"))
    if found is None:
        return
    sub, rest = found
    operands = positionals(rest, GO_WITH_VALUE)
    if sub.value == "run":
        operands = operands[:1]  # the rest are the program's own arguments
    for word in operands:
        if judgeable(word) and not is_pinned(word.value):
            name = word.value.split("@", 1)[0]
            yield ctx.violation(word.span, f"Pin the version of `{name}` (`{name}@<version>`)")
