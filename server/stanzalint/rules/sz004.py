r"""
## What it does
Reports a heredoc whose terminator line never comes: a syntax error `docker build` would stop on.

## Why is this bad?
A heredoc (`<<EOF`) runs until a line that holds exactly its delimiter. Without that line the builder reads to the end of the file, swallowing every instruction after it, and then rejects the file. A delimiter indented with spaces (only tabs are stripped, and only with `<<-`) is a common cause.

## Example
```dockerfile
FROM debian:12-slim
RUN <<EOF
apt-get update
  EOF
CMD ["bash"]
```

## Use instead
```dockerfile
FROM debian:12-slim
RUN <<EOF
apt-get update
EOF
CMD ["bash"]
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


@rule(code="SZ004", name="unterminated-heredoc", severity=Severity.ERROR, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    return parser_issues(ctx)
