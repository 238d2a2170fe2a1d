r"""
## What it does
Reports a line that starts with a word that is not a Dockerfile instruction: a syntax error `docker build` would stop on.

## Why is this bad?
The builder reads the first word of every instruction line as its keyword and stops with "unknown instruction" when it is not one it knows. Usually it is a typo (`RUNN`, `COPPY`), a shell line that lost the `\` continuing the RUN above it, or a line of a heredoc whose `<<EOF` marker was mistyped.

## Example
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir flask
EXPOSE 8000
CMDD ["flask", "run"]
```

## Use instead
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir flask
EXPOSE 8000
CMD ["flask", "run"]
```

## Fix safety
No automatic fix: the intended text cannot be known.

## Options
None. Syntax errors are on whatever is selected, unless ignored by code.

## References
- [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.reports import parser_issues


@rule(code="SZ001", name="unknown-instruction", severity=Severity.ERROR, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    return parser_issues(ctx)
