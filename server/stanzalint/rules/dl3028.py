"""
## What it does
Flags gems in `gem install` given without a version (`rails` rather than `rails:7.1.3` or
`rails -v 7.1.3`).

## Why is this bad?
Without a version RubyGems installs the newest release at build time, so rebuilding the same
Dockerfile can bring a new major version. Pinning makes the build repeatable; for applications,
`bundle install` with a committed `Gemfile.lock` does the same for the whole dependency tree.

`gem i` (RubyGems' alias of `install`) is read the same way. A `-v`/`--version` option pins the
command's gems. Left alone: words after `--` (build options passed to the gem's extension, not
gem names), local `.gem` files and words whose value comes from a variable (the build decides
what they hold; hadolint flags `.gem` files).

## Example
```dockerfile
FROM ruby:3.3-slim
RUN gem install bundler
```

## Use instead
```dockerfile
FROM ruby:3.3-slim
RUN gem install bundler:2.5.10
```

## Fix safety
No automatic fix: the right version is the one you tested.

## Options
None.

## References
- [gem install](https://guides.rubygems.org/command-reference/#gem-install)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand, Word
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.commands import command_rule, positionals
from stanzalint.rules.toolkit.packages import judgeable, manager_subcommand

GEM_WITH_VALUE = (
    "-v",
    "--version",
    "-i",
    "--install-dir",
    "-n",
    "--bindir",
    "-s",
    "--source",
    "-P",
    "--trust-policy",
    "--platform",
    "--build-root",
    "-g",
    "--file",
    "--document",
)
GEM_INSTALL = ("install", "i")


def gem_names(words: list[Word]) -> list[Word]:
    """The gem names among an install's arguments: positionals before ``--`` (what follows is
    passed to the gems' build)."""
    end = next((i for i, w in enumerate(words) if w.value == "--"), len(words))
    return positionals(words[:end], GEM_WITH_VALUE)


@command_rule(
    code="DL3028",
    names=("gem",),
    name="gem-unpinned-packages",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
)
def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
    found = manager_subcommand(cmd, ("gem",), GEM_WITH_VALUE, GEM_INSTALL)
    if found is None or cmd.has_option("-v", "--version"):
        return
    for word in gem_names(found[1]):
        v = word.value
        if judgeable(word) and ":" not in v and not v.endswith(".gem"):
            yield ctx.violation(word.span, f"Pin the version of `{v}` (`{v}:<version>`)")
