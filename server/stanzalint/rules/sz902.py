"""
## What it does
Flags a package-manager command that the stage's base image does not have: `apt-get`/`apt` on
Alpine, `apk` on Debian or Ubuntu, `yum`/`dnf` on Debian, Ubuntu or Alpine, `dnf` on an image
that only has `yum` (CentOS 7, Amazon Linux 2), `yum`/`dnf` on a `microdnf` minimal image,
`zypper` outside SUSE, and so on. The base comes from the stage's `FROM` (followed through
`FROM <stage>` to the image) and the OS family and package manager from the knowledge tables;
an image they do not know is not checked. A `RUN` that calls several package managers
(scripts written for more than one distribution) and commands after `||` are not flagged.

## Why is this bad?
The command does not exist in the image, so the build fails with `apt-get: not found` at best.
It usually means the base image changed (someone switched `python:3.12` to
`python:3.12-alpine` to save space) and the install lines were not translated. Package names
differ between distributions too (`libpq-dev` vs `postgresql-dev`), so the fix is more than
renaming the command: choose the base first, then write the install for it.

## Example
```dockerfile
FROM python:3.12-alpine
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev
```

## Use instead
```dockerfile
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev \
    && rm -rf /var/lib/apt/lists/*
```

## Fix safety
No automatic fix: package names and flags differ between package managers.

## Options
None.

## References
- [Alpine: comparison with other distributions' package managers](https://wiki.alpinelinux.org/wiki/Comparison_with_other_distros)
- [Docker Official Images: image variants](https://docs.docker.com/trusted-content/official-images/)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from stanzalint.analysis.model import ImageRef, Stage
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.images import os_of
from stanzalint.rules.toolkit.stages import Roots

if TYPE_CHECKING:  # pragma: no cover
    from stanzalint.knowledge.osfamily import OsFamily

#: package-manager commands each image package manager provides
PROVIDES: dict[str, frozenset[str]] = {
    "apt": frozenset({"apt-get", "apt", "aptitude", "dpkg"}),
    "apk": frozenset({"apk"}),
    "dnf": frozenset({"dnf", "yum", "rpm"}),
    "yum": frozenset({"yum", "rpm"}),
    "microdnf": frozenset({"microdnf", "rpm"}),
    "tdnf": frozenset({"tdnf", "yum", "rpm"}),
    "zypper": frozenset({"zypper", "rpm"}),
    "pacman": frozenset({"pacman"}),
}
#: the commands the rule knows (anything else is not a package manager to it)
MANAGERS = frozenset({"apt-get", "apt", "aptitude", "apk", "dnf", "yum", "microdnf", "tdnf", "zypper", "pacman"})


def _major(release) -> int:
    head = (release or "").split(".", 1)[0]
    return int(head) if head.isdigit() else 0


@rule(
    code="SZ902",
    name="wrong-package-manager",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    practice="i",
    scope="instruction",
    reads=("shell", "root-image"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    analysis = ctx.analysis
    bases: dict[int, tuple[ImageRef, OsFamily, frozenset[str]] | None] = {}  # by stage index
    roots = Roots()
    for ins in ctx.dockerfile.instructions:
        stage = analysis.stage_of(ins) if ins.keyword == "RUN" else None
        if stage is None:
            continue
        commands = [c for c in analysis.commands(ins) if c.name in MANAGERS]
        if not commands:
            continue  # no package manager: its base is not looked up
        if stage.index not in bases:
            bases[stage.index] = _known_base(roots.of(stage))
        known = bases[stage.index]
        if known is None:
            continue
        root, family, provided = known
        if (
            len({c.name for c in commands} - {"apt", "apt-get", "aptitude"})
            + any(c.name in ("apt", "apt-get", "aptitude") for c in commands)
            > 1
        ):
            continue  # a script written for several distributions
        for cmd in commands:
            if cmd.name in provided or cmd.connector == "||":
                continue
            word = cmd.words[cmd.index]
            yield ctx.violation(
                word.span,
                f"`{cmd.name}` is not available on `{root.resolved}`, which uses "
                f"`{family.package_manager}` ({family.family})",
            )


def _known_base(root_stage: Stage) -> tuple[ImageRef, OsFamily, frozenset[str]] | None:
    """The image of ``root_stage`` (the stage at the bottom of a chain), its OS family and the
    package-manager commands it provides, when the knowledge knows its package manager."""
    root = root_stage.image
    family = os_of(root)
    if root is None or family is None or family.package_manager not in PROVIDES:
        return None
    provided = PROVIDES[family.package_manager]
    if family.package_manager == "yum" and _major(family.release) >= 8 and family.distro != "amazonlinux":
        provided = PROVIDES["dnf"]  # RHEL 8 and later: yum is dnf
    return root, family, provided
