"""
## What it does
Flags `pip install` (or `python -m pip install`) without `--no-cache-dir`.

Only what reaches the shipped image counts: the stage built (the last, or `--target`) and the
stages it is built `FROM`. A builder stage is left alone unless a shipped stage copies a
directory holding pip's cache (`~/.cache/pip`) out of it (`COPY --from`) before the builder
deletes it: copying the build output alone ships no cache. Fragments without `FROM` and
`ONBUILD` instructions are always checked.

## Why is this bad?
pip keeps every wheel it downloads or builds in `~/.cache/pip` so the next install is faster.
In an image there is no next install: the cache is dead weight in the layer, often as large as
the installed packages themselves (hundreds of megabytes for scientific stacks).

Also accepted, unlike hadolint's exact-path check: `PIP_NO_CACHE_DIR` set by ENV or ARG or on
the command, to any value (pip turns the cache off for `0` and `false` too, for compatibility), and a cache or tmpfs mount on the pip cache directory *or a parent* such as
`/root/.cache`, which keeps the cache out of the layer while still speeding up rebuilds:

```dockerfile
RUN --mount=type=cache,target=/root/.cache pip install -r requirements.txt
```

## Example
```dockerfile
FROM python:3.12-slim
RUN pip install -r requirements.txt
```

## Use instead
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir -r requirements.txt
```

## Fix safety
Safe: the option only stops pip from keeping its download cache.

## Options
None.

## References
- [pip: caching](https://pip.pypa.io/en/stable/topics/caching/)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit import caches
from stanzalint.rules.toolkit.commands import run_commands
from stanzalint.rules.toolkit.edits import option_fix
from stanzalint.rules.toolkit.mounts import mounted
from stanzalint.rules.toolkit.packages import pip_install
from stanzalint.rules.toolkit.shipped import ships

PIP_CACHES = ("/root/.cache/pip", "/home/root/.cache/pip")


def _cache_disabled_by_env(ctx: RuleContext, ins, cmd) -> bool:
    if any(a.value.startswith("PIP_NO_CACHE_DIR=") for a in cmd.assignments):
        return True
    if ctx.analysis.declaration("PIP_NO_CACHE_DIR", ins.parent or ins) is not None:
        return True
    return False


@rule(
    code="DL3042",
    name="pip-cache-not-disabled",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    scope="instruction",
    reads=("shell", "variables", "ships"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for ins, cmds in run_commands(ctx):
        for cmd in cmds:
            found = pip_install(cmd)
            if found is None or cmd.has_option("--no-cache-dir"):
                continue
            if _cache_disabled_by_env(ctx, ins, cmd) or mounted(ins, *PIP_CACHES):
                continue
            if any(c.name == "export" and any(w.value.startswith("PIP_NO_CACHE_DIR=") for w in c.words) for c in cmds):
                continue
            if not ships(ctx.analysis, ins, caches.PIP):
                continue
            install = found[0]
            fix = option_fix(ctx, install, "--no-cache-dir")
            yield ctx.violation(
                install.span, "Add `--no-cache-dir` so pip's download cache stays out of the image", fix=fix
            )
