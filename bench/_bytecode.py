"""Benchmarks time stanzalint as it runs once installed, with its modules' bytecode compiled.

pip compiles a package's bytecode when it installs it, and Python writes it at first import.
An editable checkout run with ``PYTHONDONTWRITEBYTECODE`` set (as some CI images and sandboxes
do) never gets any, so every start would compile all ~200 modules from source: about 100 ms
that no installed copy pays, and the anchors (hadolint's binary, the node server, pygls from
site-packages) do not pay either. ``py_compile`` writes the files whatever that variable says.
"""

from __future__ import annotations

import compileall
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def compile_package() -> None:
    """Write the bytecode of ``server/stanzalint`` (quietly; up-to-date files are skipped)."""
    compileall.compile_dir(os.path.join(ROOT, "server", "stanzalint"), quiet=1)
