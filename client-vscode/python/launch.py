"""Starts the stanzalint language server bundled in the VS Code extension.

Puts the bundled libraries on ``sys.path`` (pure-Python ones from ``bundled/libs``, compiled
ones built for this Python from ``bundled/native/cpXY``), puts the bundled ShellCheck on
``PATH``, then runs ``stanzalint serve`` over stdio. With ``--check`` it only reports, as one
JSON line, what is missing, so the extension can say so instead of failing silently.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Sequence

MINIMUM_PYTHON = (3, 9)
REQUIRED_MODULES = ("stanzalint.cli", "stanzalint.lsp.server", "pygls", "lsprotocol", "tree_sitter", "tree_sitter_bash")
EXTENSION_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def python_tag(version_info: Sequence[int]) -> str:
    """The CPython tag of compiled wheels, e.g. ``cp312``."""
    return f"cp{version_info[0]}{version_info[1]}"


def bundled_paths(extension_dir: str, version_info: Sequence[int]) -> list[str]:
    """The bundled library folders that exist, compiled ones first."""
    bundled = os.path.join(extension_dir, "bundled")
    candidates = [
        os.path.join(bundled, "native", python_tag(version_info)),
        os.path.join(bundled, "libs"),
    ]
    return [path for path in candidates if os.path.isdir(path)]


def bundled_bin_dir(extension_dir: str) -> str | None:
    """The folder holding the bundled ShellCheck binary, if this package has one."""
    path = os.path.join(extension_dir, "bundled", "shellcheck", "bin")
    return path if os.path.isdir(path) else None


def prepare(extension_dir: str, environ: dict[str, str]) -> None:
    """Makes the bundled libraries importable and the bundled binaries runnable."""
    for path in reversed(bundled_paths(extension_dir, sys.version_info)):
        if path not in sys.path:
            sys.path.insert(0, path)
    bin_dir = bundled_bin_dir(extension_dir)
    if bin_dir is not None:
        environ["PATH"] = bin_dir + os.pathsep + environ.get("PATH", "")


def find_problems(modules: Sequence[str] = REQUIRED_MODULES) -> list[str]:
    """One sentence per module that cannot be imported, naming the module and the reason."""
    import importlib

    problems = []
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as error:  # an ImportError, or a broken compiled module
            problems.append(f"cannot import {name} ({type(error).__name__}: {error})")
    return problems


def check_report(environ: dict[str, str]) -> dict[str, object]:
    """What ``--check`` prints: whether the server can start and what is missing."""
    problems: list[str] = []
    if tuple(sys.version_info[:2]) < MINIMUM_PYTHON:
        (major, minor), (need_major, need_minor) = sys.version_info[:2], MINIMUM_PYTHON
        problems.append(f"Python {major}.{minor} is too old: stanzalint needs {need_major}.{need_minor} or newer")
    else:
        problems.extend(find_problems())
        native = os.path.join(EXTENSION_DIR, "bundled", "native")
        if any("tree_sitter" in p for p in problems) and os.path.isdir(native):
            tags = sorted(os.listdir(native))
            built_for = ", ".join(tags) or "no Python"
            problems.append(
                f"this extension bundles the compiled shell parser for {built_for} only; "
                f"this is {python_tag(sys.version_info)} {sys.executable}. "
                "Install it for this Python with `pip install tree-sitter tree-sitter-bash`, "
                "or choose another interpreter"
            )
    return {
        "ok": not problems,
        "python": "{} {}.{}.{}".format(sys.executable, *sys.version_info[:3]),
        "problems": problems,
        "shellcheck": shutil.which("shellcheck", path=environ.get("PATH")),
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    prepare(EXTENSION_DIR, os.environ)  # type: ignore[arg-type]
    if args[:1] == ["--check"]:
        sys.stdout.write(json.dumps(check_report(dict(os.environ))) + "\n")
        return 0
    from stanzalint.cli import main as stanzalint_main

    result = stanzalint_main(["serve"] + args)
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
