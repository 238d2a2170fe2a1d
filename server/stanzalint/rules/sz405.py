"""
## What it does
Flags installs that leave a package manager's download cache in the layer: `uv pip install`,
`uv sync`, `uv tool install` (without `--no-cache`), `poetry install` (without `--no-cache`),
`pipenv install`/`sync`, `npm install`/`ci`, `yarn install`/`add`, `gem install`,
`bundle install`, `cargo install`. pip, apt and apk have their own rules (DL3042, DL3009,
DL3019).

Only what reaches the shipped image counts: the stage built (the last, or `--target`) and the
stages it is built `FROM`. A builder stage is left alone unless a shipped stage copies a
directory holding the tool's cache out of it (`COPY --from`) before the builder deletes it:
copying the build output alone ships no cache. Fragments without `FROM` and `ONBUILD`
instructions are always checked.

## Why is this bad?
Each of these tools keeps what it downloaded (`~/.cache/uv`, `~/.cache/pypoetry`, `~/.npm`,
the yarn cache, `$GEM_HOME/cache`, `~/.cargo/registry`) so the next install on the same machine
is faster. In an image there is no next install: the cache is dead weight, often as large as
what was installed, and it is frozen into the layer for good. Either tell the tool not to cache,
clean in the same RUN, or mount the cache directory with `RUN --mount=type=cache,target=…` so it
speeds up rebuilds without reaching the image.

uv costs less than the others: it installs by hardlinking files from its cache into the
environment when both are on the same filesystem, so most of the kept `~/.cache/uv` is the
installed files themselves under a second name and adds little to the layer. What it does add
(metadata, built wheels, and every file when uv had to copy across filesystems) is still dead
weight.

A RUN is not flagged when its cache is a cache mount (a target naming the tool or `.cache`),
when the tool's no-cache setting is in effect (`UV_NO_CACHE`, `PIP_NO_CACHE_DIR` for pipenv),
when the cache is cleaned later in the same RUN (`uv cache clean`, `poetry cache clear`,
`npm cache clean`, `yarn cache clean`) when an `rm` deletes a cache directory, or when a script named for cleaning (`clean-layer.sh`) runs
after the install.

## Example
```dockerfile
RUN uv pip install --system -r requirements.txt
RUN npm ci
```

## Use instead
```dockerfile
RUN uv pip install --no-cache --system -r requirements.txt
RUN npm ci && npm cache clean --force
```

## Fix safety
Safe where the tool has a switch: `--no-cache` is inserted for uv and poetry, and
`npm cache clean --force` / `yarn cache clean` is appended to the RUN (to a heredoc script only
when it runs with `set -e`: else its last line decides the RUN's status, and a failed install
would pass). The installed result is the same. pipenv, gem, bundler and cargo get no fix: remove their cache directory yourself or
use a cache mount.

## Options
None.

## References
- [uv: caching](https://docs.astral.sh/uv/concepts/cache/)
- [Docker docs: cache mounts](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from stanzalint.analysis.model import ShellCommand
from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit import caches
from stanzalint.rules.toolkit.cleanup import removes_path, runs_cleanup_script
from stanzalint.rules.toolkit.commands import first_positionals, has_option, tool_of
from stanzalint.rules.toolkit.edits import append_command
from stanzalint.rules.toolkit.mounts import mount_targets
from stanzalint.rules.toolkit.shipped import ships
from stanzalint.syntax.model import Span

# tool -> (cache-mount / rm path hints, environment variables that disable the cache)
_HINTS = {
    "uv": ((".cache", "/uv"), ("UV_NO_CACHE",)),
    "poetry": ((".cache", "pypoetry", "poetry"), ()),
    "pipenv": ((".cache",), ("PIP_NO_CACHE_DIR", "PIPENV_NO_CACHE")),
    "npm": ((".npm", "npm"), ()),
    "yarn": (("yarn",), ()),
    "gem": (("cache", "gem", "bundle"), ()),
    "bundle": (("cache", "gem", "bundle"), ()),
    "cargo": (("cargo", "registry"), ()),
}


def cached_install(cmd: ShellCommand) -> tuple[str, int | None] | None:
    """(tool, index in cmd.words after which ``--no-cache`` goes or None) for a caching install."""
    tool, args = tool_of(cmd)
    if tool not in _HINTS:
        return None  # none of the tools below
    subs = first_positionals(args, 2)
    if tool == "uv":
        if has_option(args, "--no-cache", "-n", "--no-cache-dir"):
            return None
        if subs[0] == "pip" and subs[1] in ("install", "sync"):
            target = next(w for w in args if w.value == subs[1])
        elif subs[0] in ("sync", "add") or (subs[0] == "tool" and subs[1] == "install"):
            target = next(w for w in args if w.value == (subs[1] if subs[0] == "tool" else subs[0]))
        else:
            return None
        return tool, cmd.words.index(target)
    if tool == "poetry" and subs[0] == "install" and not has_option(args, "--no-cache"):
        return tool, cmd.words.index(next(w for w in args if w.value == "install"))
    if tool == "pipenv" and subs[0] in ("install", "sync"):
        return tool, None
    if tool == "npm" and subs[0] in ("install", "i", "ci", "clean-install", "add"):
        return tool, None
    if tool == "yarn" and has_option(args, "--version", "-v", "--help", "-h"):
        return None
    if tool == "yarn" and subs[0] in ("", "install", "add") or (tool == "yarn" and subs[:2] == ["global", "add"]):
        return tool, None
    if tool in ("gem", "bundle", "cargo") and subs[0] == "install":
        return tool, None
    return None


def _cleans_cache(tool: str, commands: Sequence[ShellCommand]) -> bool:
    """One of ``commands`` empties ``tool``'s cache (``npm cache clean``, ``pipenv --clear``)."""
    for c in commands:
        t, args = tool_of(c)
        if t != tool:
            continue
        subs = first_positionals(args, 2)
        if subs[0] == "cache" and subs[1] in ("clean", "clear", "prune"):
            return True
        if tool == "pipenv" and has_option(args, "--clear"):
            return True
    return False


def _cleaned(tool: str, cmd: ShellCommand, commands: list[ShellCommand]) -> bool:
    if _cleans_cache(tool, [c for c in commands if c.span.start > cmd.span.start]):
        return True
    return removes_path(commands, cmd.span.start, *_HINTS[tool][0]) or runs_cleanup_script(commands, cmd.span.start)


_APPEND = {"npm": "npm cache clean --force", "yarn": "yarn cache clean"}


@rule(
    code="SZ405",
    name="package-cache-kept",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    practice="d",
    scope="instruction",
    reads=("shell", "variables", "ships"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for ins in ctx.dockerfile.of_keyword("RUN"):
        mounts = mount_targets(ins)
        commands = ctx.analysis.commands(ins)
        reported = set()
        for cmd in commands:
            found = cached_install(cmd)
            if found is None:
                continue
            tool, insert_after = found
            hints, env_names = _HINTS[tool]
            if tool in reported or any(h in t for t in mounts for h in hints):
                continue
            assigned = {w.value.split("=", 1)[0] for w in cmd.assignments}
            if any(n in assigned or ctx.analysis.declaration(n, ins) is not None for n in env_names):
                continue
            if _cleaned(tool, cmd, commands):
                continue
            if not ships(ctx.analysis, ins, caches.TOOLS[tool], lambda later, tool=tool: _cleans_cache(tool, later)):
                continue
            reported.add(tool)
            fix = None
            if insert_after is not None:
                # every command of this tool in the RUN that caches gets the flag: fixing only the
                # first would leave the finding standing on the next one
                edits = []
                for other in commands:
                    again = cached_install(other)
                    if again is not None and again[0] == tool and again[1] is not None:
                        assigned_here = {w.value.split("=", 1)[0] for w in other.assignments}
                        if not any(n in assigned_here for n in env_names):
                            word = other.words[again[1]]
                            edits.append(Edit(Span(word.span.end, word.span.end), " --no-cache"))
                fix = Fix.safe("Add `--no-cache`", edits)
                advice = "add `--no-cache`"
            elif tool in _APPEND:
                edit = append_command(ctx.text, ins, commands, _APPEND[tool], into_heredoc=True)
                fix = Fix.safe(f"Append `{_APPEND[tool]}`", [edit]) if edit else None
                advice = f"end the RUN with `{_APPEND[tool]}`"
            else:
                advice = "delete its cache directory in the same RUN"
            yield ctx.violation(
                cmd.span, f"`{tool}` keeps its download cache in this layer; {advice} or use a cache mount", fix=fix
            )
