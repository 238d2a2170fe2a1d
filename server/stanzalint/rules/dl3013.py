"""
## What it does
Flags packages in `pip install` (or `python -m pip install`) given without a version
specifier.

## Why is this bad?
`pip install flask` installs whatever is newest on PyPI on the day of the build. A rebuild
weeks later can bring a new major version with breaking changes, or a compromised release,
without any change in the Dockerfile. Pinning (`flask==3.0.3`), or installing from a
requirements or constraints file, makes the result reproducible and upgrades reviewable.

Not flagged: local paths and archives (`.`, `./pkg`, `dist/x.whl`), plain URLs, VCS URLs
with a ref (`git+https://...@v1.2`), commands that use `-r`/`--requirement` or
`-c`/`--constraint`, and words whose value comes from a variable.

## Example
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir flask
```

## Use instead
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir flask==3.0.3
```

## Fix safety
No automatic fix: the right version is the one you tested.

## Options
None.

## References
- [pip: requirement specifiers](https://pip.pypa.io/en/stable/reference/requirement-specifiers/)
- [pip: repeatable installs](https://pip.pypa.io/en/stable/topics/repeatable-installs/)
"""

from __future__ import annotations

from typing import Iterator

from stanzalint.rules._run_helpers import PIP_INSTALL_WITH_VALUE, judgeable, pip_install, positionals, run_commands
from stanzalint.rules.base import FixAvailability, RuleContext, Severity, Violation, rule

_SPECIFIERS = ("==", ">=", "<=", "~=", "!=", ">", "<", "@")
_ARCHIVES = (".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2")


def is_pinned(package: str) -> bool:
    if package.startswith(("git+", "hg+", "svn+", "bzr+")):
        path = package.split("#", 1)[0].split("://", 1)[-1]
        return "@" in path.rsplit("/", 1)[-1]
    if "://" in package or package.startswith((".", "/", "~")) or "/" in package:
        return True
    if package.lower().endswith(_ARCHIVES):
        return True
    return any(s in package for s in _SPECIFIERS)


def uses_requirement_files(words) -> bool:
    """``-r file`` / ``-c file`` (any spelling): the files decide the versions."""
    for w in words:
        v = w.value
        if v.startswith(("--requirement", "--constraint")):
            return True
        if v.startswith(("-r", "-c")) and not v.startswith("--"):
            return True
    return False


@rule(code="DL3013", name="pip-unpinned-packages", severity=Severity.WARNING, fix=FixAvailability.NEVER)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for _ins, cmds in run_commands(ctx):
        for cmd in cmds:
            found = pip_install(cmd)
            if found is None:
                continue
            words = found[1]
            if uses_requirement_files(words):
                continue
            for word in positionals(words, PIP_INSTALL_WITH_VALUE):
                if judgeable(word) and not is_pinned(word.value):
                    v = word.value
                    hint = f"`{v}@<ref>`" if "://" in v else f"`{v}==<version>`"
                    yield ctx.violation(word.span, f"Pin the version of `{v}` ({hint})")
