"""
## What it does
Flags an `ENV` that uses a variable it sets itself, such as `ENV A=1 B=$A`, when the variable has
no earlier value (no `ARG` or `ENV` before it in the stage). A pair may use its own old value
(`ENV PATH=/opt/bin:$PATH`), and a variable declared earlier keeps that value on purpose
(`ARG USER` then `ENV USER=${USER} HOME=/home/${USER}`): both are left alone, as hadolint does.

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

from typing import Iterator, Set

from stanzalint.rules.base import FixAvailability, RuleContext, Severity, Violation, rule


@rule(code="DL3044", name="env-self-reference", severity=Severity.ERROR, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    for ins in ctx.dockerfile.walk():
        if ins.keyword != "ENV" or len(ins.args) < 4:
            continue
        pairs = list(zip(ins.args[0::2], ins.args[1::2]))
        refs = ctx.analysis.refs_in(ins)
        here: Set[str] = {name.value for name, _ in pairs}
        for name, value in pairs:
            for ref in refs:
                if not value.span.start <= ref.span.start < value.span.end:
                    continue
                if ref.name in here and ref.name != name.value and ctx.analysis.declaration(ref.name, ins) is None:
                    yield ctx.violation(
                        ref.span,
                        f"`{ref.name}` is set in this same ENV and has no earlier value; it expands to nothing here",
                        instruction_line=ins.start_line,
                    )
