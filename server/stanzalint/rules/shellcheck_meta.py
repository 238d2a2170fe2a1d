"""Metadata for ShellCheck findings: every ``SCxxxx`` code is a rule without a module of its own.

ShellCheck documents each code on its wiki; the hover and ``stanzalint rule SC2086`` show a short
page pointing there, since the project cannot ship ShellCheck's own text.
"""

from __future__ import annotations

import re
from functools import cache

from stanzalint.findings import FixAvailability, Severity
from stanzalint.rules.base import RuleMeta

WIKI_URL = "https://www.shellcheck.net/wiki/{code}"

#: ShellCheck's own levels mapped onto stanzalint's severities.
LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO, "style": Severity.STYLE}


@cache
def meta_for(code: str) -> RuleMeta | None:
    """A RuleMeta for a ShellCheck code (``SC2086``), or None for anything else."""
    code = code.upper()
    if not re.fullmatch(r"SC\d{4}", code):
        return None
    docs = (
        f"# {code}\n\n"
        "## What it does\n"
        f"Reports ShellCheck's finding {code} in the shell script of a `RUN` instruction.\n\n"
        "## Why is this bad?\n"
        "ShellCheck finds shell mistakes that make a build fail in confusing ways or behave "
        "differently from what the script says: unquoted expansions that split, pipelines that "
        "hide failures, commands that do not exist in the image's shell.\n\n"
        "## Example\n"
        f"See ShellCheck's page for {code}.\n\n"
        "## Use instead\n"
        f"See ShellCheck's page for {code}.\n\n"
        "## Fix safety\nNo automatic fix.\n\n"
        "## Options\nNone. Ignore all ShellCheck codes with `--ignore SC` (ShellCheck then does not run).\n\n"
        f"## References\n- [ShellCheck wiki: {code}]({WIKI_URL.format(code=code)})\n"
    )
    return RuleMeta(
        code=code,
        name=f"shellcheck-{code.lower()}",
        severity=Severity.WARNING,
        fix=FixAvailability.NEVER,
        practice="h",
        origin="shellcheck",
        docs=docs,
        summary=f"ShellCheck {code} in a RUN script.",
    )
