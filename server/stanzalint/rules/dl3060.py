"""
## What it does
Flags a RUN that runs `yarn install` without `yarn cache clean` after it.

Only what reaches the shipped image counts: the stage built (the last, or `--target`) and the
stages it is built `FROM`. A builder stage is left alone unless a shipped stage copies a
directory holding the yarn cache out of it (`COPY --from`) before the builder deletes it:
copying the build output alone ships no cache. Fragments without `FROM` and `ONBUILD`
instructions are always checked.

## Why is this bad?
Yarn (v1) keeps every package tarball it fetches in its global cache
(`/usr/local/share/.cache/yarn` for root). In an image that cache is never used again, yet it
stays in the layer and can be as large as `node_modules` itself. Cleaning it in the same RUN
keeps the layer to the installed packages.

Also accepted, unlike hadolint's fixed path: a cache or tmpfs mount whose target is a yarn cache
directory (its path mentions `yarn`).

```dockerfile
RUN --mount=type=cache,target=/root/.yarn YARN_CACHE_FOLDER=/root/.yarn yarn install --frozen-lockfile
```

## Example
```dockerfile
FROM node:20-slim
RUN yarn install --frozen-lockfile
```

## Use instead
```dockerfile
FROM node:20-slim
RUN yarn install --frozen-lockfile && yarn cache clean
```

## Fix safety
Safe: appends `&& yarn cache clean` to the RUN; the cache is only a download cache. No fix when
the script does not end with a command.

## Options
None.

## References
- [yarn cache](https://classic.yarnpkg.com/en/docs/cli/cache)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit import caches
from stanzalint.rules.toolkit.commands import later, positionals, runs_running
from stanzalint.rules.toolkit.edits import append_command
from stanzalint.rules.toolkit.mounts import mount_targets
from stanzalint.rules.toolkit.shipped import ships


def _sub(cmd):
    pos = positionals(cmd.args, ("--cwd", "--cache-folder", "--modules-folder"))
    return pos[:2]


def _cleans(cmds) -> bool:
    """``yarn cache clean`` among the commands."""
    return any(c.name == "yarn" and [w.value for w in _sub(c)] == ["cache", "clean"] for c in cmds)


@rule(
    code="DL3060",
    name="yarn-cache-not-cleaned",
    severity=Severity.INFO,
    fix=FixAvailability.SOMETIMES,
    scope="instruction",
    reads=("shell", "ships"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for ins, cmds in runs_running(ctx, {"yarn"}):
        if any("yarn" in t for t in mount_targets(ins)):
            continue
        for cmd in cmds:
            if cmd.name != "yarn":
                continue
            sub = _sub(cmd)
            if not sub or sub[0].value != "install":
                continue
            if _cleans(later(cmds, cmd)) or not ships(ctx.analysis, ins, caches.TOOLS["yarn"], _cleans):
                continue
            edit = append_command(ctx.text, ins, cmds, "yarn cache clean")
            fix = Fix.safe("Clean the yarn cache at the end of the RUN", [edit]) if edit else None
            yield ctx.violation(sub[0].span, "Run `yarn cache clean` after `yarn install` in the same RUN", fix=fix)
            break
