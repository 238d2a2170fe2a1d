r"""
## What it does
Reports a parser directive given twice, or an escape directive with a bad value: a syntax error `docker build` would stop on.

## Why is this bad?
Parser directives (`# syntax=`, `# escape=`, `# check=`) are read once, at the top of the file. The builder rejects a file that repeats one, and an `escape` other than a backslash or a backtick.

## Example
```dockerfile
# escape=`
# escape=\
FROM mcr.microsoft.com/windows/servercore:ltsc2022
```

## Use instead
```dockerfile
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
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


@rule(code="SZ007", name="invalid-directive", severity=Severity.ERROR, fix=FixAvailability.NEVER, practice="h")
def check(ctx: RuleContext) -> Iterator[Violation]:
    return parser_issues(ctx)
