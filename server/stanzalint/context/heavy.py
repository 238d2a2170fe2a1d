"""The expensive steps a rebuild reruns: package installs, compiles, downloads.

A guess from the command text; ``--timings`` replaces it with measured seconds when a build log
is given.
"""

from __future__ import annotations

from stanzalint.analysis.commands import is_package_install, subcommand_of
from stanzalint.analysis.model import Analysis
from stanzalint.context.sources import context_binds
from stanzalint.rules.toolkit.commands import commands_of, tool_of
from stanzalint.rules.toolkit.dependencies import manifest_install
from stanzalint.syntax.model import Instruction

#: Tools whose run compiles or builds (any subcommand, or the listed ones).
_BUILDS = {
    "make": None,
    "cmake": None,
    "ninja": None,
    "gcc": None,
    "g++": None,
    "cc": None,
    "rustc": None,
    "go": {"build", "install", "generate"},
    "cargo": {"build", "install"},
    "mvn": None,
    "gradle": None,
    "./gradlew": None,
    "./mvnw": None,
    "dotnet": {"build", "publish", "restore"},
    "npm": {"run"},
    "yarn": {"build"},
    "pnpm": {"build"},
    "tsc": None,
    "webpack": None,
}
_DOWNLOADS = {"curl", "wget", "git"}


def heavy_steps(analysis: Analysis, ins: Instruction) -> list[str]:
    """Short names of the heavy commands a RUN runs (``pip install``, ``make``, ``curl``)."""
    out: list[str] = []
    for cmd in commands_of(analysis, ins):
        label = _label(cmd)
        if label and label not in out:
            out.append(label)
    return out


def _label(cmd) -> str:
    manager = is_package_install(cmd)
    tool, _ = tool_of(cmd)
    if manager:
        sub = subcommand_of(cmd)
        return f"{tool} {sub}" if sub else tool
    if tool in _BUILDS:
        subs = _BUILDS[tool]
        sub = subcommand_of(cmd) or (cmd.args[0].value if cmd.args else None)
        if subs is None:
            return tool
        return f"{tool} {sub}" if sub in subs else ""
    if tool in _DOWNLOADS:
        return "git clone" if tool == "git" and _first_arg(cmd) == "clone" else (tool if tool != "git" else "")
    return ""


def _first_arg(cmd) -> str:
    return cmd.args[0].value if cmd.args else ""


def reads_local_files(analysis: Analysis, ins: Instruction) -> bool:
    """Whether a RUN runs a tool that reads files around it (``pip install -r``, ``npm ci``,
    ``make``, ``go build``, a script of the working directory, any command given ``.`` or a
    ``./`` path) rather than only named packages or URLs, or mounts the context."""
    eff = ins.effective
    if context_binds(eff):
        return True
    for cmd in commands_of(analysis, ins):
        tool, _ = tool_of(cmd)
        if manifest_install(cmd) is not None or tool in _BUILDS or cmd.name.startswith("./"):
            return True
        if any(_is_relative_path(w.value) for w in cmd.args):
            return True  # ``pip wheel .``, ``cp -r ./conf /etc``: the working directory is read
    return False


def _is_relative_path(word: str) -> bool:
    return word in (".", "..") or word.startswith(("./", "../"))
