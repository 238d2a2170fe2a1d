"""
## What it does
Flags an `ENV` that uses a variable it sets itself, such as `ENV A=1 B=$A`, when the variable has
no earlier value (no `ARG` or `ENV` before it in the stage). A pair may use its own old value
(`ENV PATH=/opt/bin:$PATH`), and a variable declared earlier keeps that value on purpose
(`ARG USER` then `ENV USER=${USER} HOME=/home/${USER}`): both are left alone, as hadolint does.
A pair that reads its own name after an earlier pair of the same `ENV` set it
(`ENV PATH=/opt/a/bin:$PATH PATH=/opt/b/bin:$PATH`) is flagged: it reads the value from before
the `ENV`, so the earlier pair's assignment is lost.

## Why is this bad?
All the pairs of one `ENV` are expanded with the values from before the instruction: `B=$A`
reads the old `A` (often empty), not the `1` set a few characters earlier. The result looks right
and is wrong. Set the variable in one `ENV` and use it in the next.

## Example
```dockerfile
FROM python:3.12-slim
ENV APP_HOME=/srv/app PATH=$APP_HOME/bin:$PATH
```

## Use instead
```dockerfile
FROM python:3.12-slim
ENV APP_HOME=/srv/app
ENV PATH=$APP_HOME/bin:$PATH
```

## Fix safety
No automatic fix: splitting the instruction changes what the later pair means, which is the
point, but only you know whether the old value was wanted.

## Options
None.

## References
- [Dockerfile reference: ENV](https://docs.docker.com/reference/dockerfile/#env)
- [Dockerfile reference: environment replacement](https://docs.docker.com/reference/dockerfile/#environment-replacement)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Callable

from stanzalint.analysis.model import Analysis
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.syntax.model import Instruction


@rule(
    code="DL3044",
    name="env-self-reference",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    practice="h",
    scope="stage",
    reads=("global-args", "base-stages"),
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for ins in ctx.dockerfile.of_keyword("ENV"):
        if len(ins.args) < 4:
            continue
        pairs = list(zip(ins.args[0::2], ins.args[1::2]))
        refs = ctx.analysis.refs_in(ins)
        here: set[str] = {name.value for name, _ in pairs}
        set_so_far: set[str] = set()
        for name, value in pairs:
            for ref in refs:
                if not value.span.start <= ref.span.start < value.span.end:
                    continue
                message = _misread(
                    ref.name,
                    name.value,
                    here,
                    set_so_far,
                    lambda n, ins=ins: _declared_before(ctx.analysis, n, ins),
                )
                if message:
                    yield ctx.violation(ref.span, message, instruction_line=ins.start_line)
            set_so_far.add(name.value)


def _declared_before(analysis: Analysis, name: str, ins: Instruction) -> bool:
    """Whether a declaration of ``name`` is in effect at ``ins``. A name first declared at ``ins``
    or later (``Analysis.first_declared``, made at the first look-up) has none, as what is visible comes
    earlier in the file (a stage's base is an earlier stage): that spares the look-up through
    the stage's whole chain of bases."""
    first = analysis.first_declared.get(name)
    return first is not None and first < ins.span.start and analysis.declaration(name, ins) is not None


def _misread(
    ref: str, target: str, here: set[str], set_so_far: set[str], known_before: Callable[[str], bool]
) -> str | None:
    """Why reading ``ref`` in the value of ``target`` does not read what this ENV set, or None."""
    if ref == target:
        if ref in set_so_far:
            return (
                f"`{ref}` is set earlier in this same ENV, but this reads its value from before "
                "the ENV: the earlier assignment is lost"
            )
        return None
    if ref in here and not known_before(ref):
        return f"`{ref}` is set in this same ENV and has no earlier value; it expands to nothing here"
    return None
