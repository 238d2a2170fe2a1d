"""
## What it does
Flags packages in `pip install` (or `python -m pip install`) given without a version
specifier, and applications in `pipx install`, `pipx inject` and `uv tool install` (`ruff`,
`ruff@latest`, rather than `ruff==0.6.9` or `ruff@0.6.9`).

Not read yet: `uv pip install`, which hadolint does not read either (see the parity notes).

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

from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand, Word
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.commands import command_rule, positionals
from stanzalint.rules.toolkit.packages import PIP_INSTALL_WITH_VALUE, UV_PIP_WITH_VALUE, judgeable, pip_install

_SPECIFIERS = ("==", ">=", "<=", "~=", "!=", ">", "<", "@")
_ARCHIVES = (".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2")
PIPX_WITH_VALUE = ("--python", "--pip-args", "--suffix", "--index-url", "-i", "--spec", "--preinstall")


def is_pinned(package: str) -> bool:
    if package.endswith("@latest"):  # uv tool install's spelling of "the newest"
        return False
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


def named_packages(cmd: ShellCommand) -> list[Word] | None:
    """The packages a Python install names on its command line: ``pip install`` (also
    ``python -m pip``), ``pipx install``, ``pipx inject <venv>`` and ``uv tool install``; none
    when it reads requirement files; None for other commands."""
    found = pip_install(cmd)
    if found is not None:
        return [] if uses_requirement_files(found[1]) else positionals(found[1], PIP_INSTALL_WITH_VALUE)
    if cmd.name == "pipx":
        pos = positionals(cmd.args, PIPX_WITH_VALUE)
        verb = pos[0].value if pos else ""
        return pos[1:] if verb == "install" else pos[2:] if verb == "inject" else None
    if cmd.name == "uv":
        pos = positionals(cmd.args, UV_PIP_WITH_VALUE)
        return pos[2:] if [w.value for w in pos[:2]] == ["tool", "install"] else None
    return None


@command_rule(
    code="DL3013",
    name="pip-unpinned-packages",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
)
def check(ctx: RuleContext, cmd: ShellCommand, cmds: list[ShellCommand]) -> Iterator[Violation]:
    for word in named_packages(cmd) or ():
        if judgeable(word) and not is_pinned(word.value):
            yield ctx.violation(word.span, f"Pin the version of `{word.value}` ({_pinned_form(word.value)})")


def _pinned_form(package: str) -> str:
    """How ``package`` looks pinned: ``flask==<version>``, ``ruff@<version>``, ``git+...@<ref>``."""
    if "://" in package:
        return f"`{package}@<ref>`"
    if package.endswith("@latest"):
        return f"`{package[: -len('@latest')]}@<version>`"
    return f"`{package}==<version>`"
