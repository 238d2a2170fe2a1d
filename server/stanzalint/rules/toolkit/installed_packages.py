"""The OS packages a stage leaves installed, told apart as build packages (compilers, build
tools, development headers) and the rest: what SZ601 reports, and what a new final stage must
install again when the stage is split into a builder and a final stage.

Read from the analysis model (package-manager commands of the stage's RUNs).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from dataclasses import dataclass

from stanzalint.analysis.model import Analysis, Stage, Word
from stanzalint.rules.toolkit.images import DISTRIBUTION_IMAGES
from stanzalint.rules.toolkit.packages import PackageAction, package_action, package_name
from stanzalint.rules.toolkit.stages import chain_instructions
from stanzalint.syntax.model import Instruction

_COMPILER = re.compile(r"(?:gcc|g\+\+|gfortran|clang|clang\+\+|gcc-c\+\+|gcc-gfortran|llvm-gcc)(?:-?\d+(?:\.\d+)*)?")
_TOOLS = {
    "build-essential",
    "build-base",
    "alpine-sdk",
    "autoconf",
    "automake",
    "libtool",
    "development tools",
    "@development-tools",
    "@development tools",
    "devtoolset",
}
#: the headers of Debian's or Alpine's Python: the official python image runs its own Python
#: from /usr/local and never loads the distribution's libpython
_DISTRO_PYTHON_HEADERS = re.compile(r"python(?:\d(?:\.\d+)?)?-dev(?:el)?")


def is_build_package(name: str) -> bool:
    """A compiler, a build meta-package or a development (headers) package."""
    return is_toolchain_package(name) or name.endswith(("-dev", "-devel")) or name.startswith("linux-headers")


def is_toolchain_package(name: str) -> bool:
    """A compiler or a build meta-package: nothing a built program loads at run time."""
    return name in _TOOLS or bool(_COMPILER.fullmatch(name))


@dataclass
class Installed:
    """One install command and the packages it leaves in the image (literal names only)."""

    action: PackageAction
    kept: list[Word]


def installed_packages(analysis: Analysis, instructions: Sequence[Instruction]) -> list[Installed]:
    """Each install command of the RUNs with the literal packages nothing later removes.

    A package counts as removed when a later command purges it by name (``apt-get purge``,
    ``apk del``, a glob), deletes the ``apk add --virtual`` group it was installed in, purges a
    variable in the same RUN (``apt-get purge -y $buildDeps``), or the RUN marks everything
    automatic and auto-removes it (``apt-mark auto`` + ``apt-get purge --auto-remove``)."""
    actions: list[PackageAction] = []
    auto_purged: set[int] = set()  # id() of RUNs that mark everything auto and auto-remove
    for ins in instructions:
        if ins.keyword != "RUN":
            continue
        marked = False
        for cmd in analysis.commands(ins):
            if cmd.name == "apt-mark" and cmd.subcommand() in ("auto", "markauto"):
                marked = True
                continue
            action = package_action(cmd, ins)
            if action is None:
                continue
            actions.append(action)
            if (
                marked
                and action.manager == "apt"
                and (action.action == "autoremove" or cmd.has_option("--auto-remove", "--autoremove"))
            ):
                auto_purged.add(id(ins))
    out: list[Installed] = []
    removals: dict[str, _Removals] = {}  # by package manager: the removals after the action at hand
    for action in reversed(actions):
        if action.action == "remove":
            removals.setdefault(action.manager, _Removals()).add(action)
        if action.action != "install":
            continue
        if action.manager == "apt" and id(action.instruction) in auto_purged:
            continue
        later = removals.get(action.manager)
        kept = [w for w in action.packages if w.literal and not (later is not None and later.removes(action, w))]
        out.append(Installed(action, kept))
    out.reverse()
    return out


class _Removals:
    """The remove commands of one package manager after some point of a stage, indexed so that
    asking whether one of them removes an installed package costs a lookup."""

    def __init__(self) -> None:
        self.names: set[str] = set()  # what they name (a virtual group's name included)
        self.globs: list[str] = []
        self.variable_runs: set[int] = set()  # id() of RUNs where one removes ``$variable`` packages

    def add(self, action: PackageAction) -> None:
        for w in action.packages:
            if not w.literal:
                self.variable_runs.add(id(action.instruction))
            target = package_name(w)
            self.names.add(target)
            if any(c in target for c in "*?["):
                self.globs.append(target)

    def removes(self, install: PackageAction, word: Word) -> bool:
        """A later command of the same manager purges the package by name or glob, deletes the
        ``apk add --virtual`` group it was installed in, or purges a variable in the same RUN
        (``apt-get purge -y $buildDeps``: assume it removes the install)."""
        if id(install.instruction) in self.variable_runs:
            return True
        if install.virtual and install.virtual.lower() in self.names:
            return True
        name = package_name(word)
        return name in self.names or any(fnmatch.fnmatch(name, glob) for glob in self.globs)


# -- what a split must install again ---------------------------------------------------------------

#: bases whose /usr/local holds nothing but the language runtime the image is for (or nothing):
#: elsewhere (CUDA, NGC, vendor images) a copy of /usr/local would add their tree a second time
_SMALL_USR_LOCAL = {"python", "node", "ruby"}
#: where package managers read their repositories: packages from a repository the stage adds
#: cannot be installed again in a new stage that does not add it
_REPOSITORY_PLACES = re.compile(
    r"/etc/apt/|/etc/yum\.repos\.d|/etc/apk/repositories|/etc/zypp/repos\.d|apt-key|"
    r"add-apt-repository|config-manager|--add-repo"
)


@dataclass
class Carried:
    """The OS packages the new final stage installs again, and the RUN lines that do it."""

    names: list[str]
    lines: list[str]


def split_carry(analysis: Analysis, stage: Stage, copied: Sequence[str]) -> tuple[Carried | None, str | None]:
    """What a split of ``stage`` must install again in the new final stage (its OS packages but
    the compilers and build tools), or why the file cannot tell what the final stage needs: a
    development package (``libpq-dev``) pulls in runtime libraries it does not name; packages
    given by a variable; packages from a repository the stage sets up; a copy of ``/usr/local``
    on a base that keeps a tree of its own there."""
    from stanzalint.knowledge.names import resolve

    root = stage.root_image
    base, _ = resolve(root) if root is not None else ("", None)
    if "/usr/local" in copied and base not in DISTRIBUTION_IMAGES | _SMALL_USR_LOCAL:
        return None, (
            f"a copy of /usr/local would add what `{base}` keeps there (a CUDA toolkit, a "
            "runtime) to the image a second time"
        )
    instructions = [ins for _, ins in chain_instructions(stage)]
    carried: list[tuple[PackageAction, list[str]]] = []
    for installed in installed_packages(analysis, instructions):
        action = installed.action
        if any(not w.literal for w in action.packages):
            return None, "some packages are given by a variable, so what the final stage needs is unknown"
        runtime: list[str] = []
        for word in installed.kept:
            name = package_name(word)
            if is_toolchain_package(name) or (base == "python" and _DISTRO_PYTHON_HEADERS.fullmatch(name)):
                continue
            if is_build_package(name):
                return None, (
                    f"`{name}` pulls in runtime libraries the file does not name, which the final stage would lack"
                )
            runtime.append(word.value)
        if runtime:
            carried.append((action, runtime))
    if carried and _adds_repositories(analysis, instructions):
        return None, "the stage sets up package repositories the final stage would not have"
    names = [name for _, names in carried for name in names]
    lines = [_install_line(action, names) for action, names in carried]
    return Carried(names, lines), None


def _adds_repositories(analysis: Analysis, instructions: Sequence[Instruction]) -> bool:
    for ins in instructions:
        if ins.keyword in ("COPY", "ADD") and ins.args and _REPOSITORY_PLACES.search(ins.args[-1].value):
            return True
        if ins.keyword == "RUN" and any(
            _REPOSITORY_PLACES.search(w.value) for cmd in analysis.commands(ins) for w in cmd.words
        ):
            return True
    return False


def _install_line(action: PackageAction, names: list[str]) -> str:
    """A RUN that installs ``names`` with the install's package manager and leaves no cache; an
    apt install leaves out recommended packages only where the original did (they may be what
    the program needs at run time: ``ca-certificates`` for curl's HTTPS)."""
    packages = " ".join(names)
    tool = action.command.name
    if action.manager == "apt":
        words = [w.value.lower() for w in action.command.args]
        lean = "--no-install-recommends" in words or any("install-recommends=false" in w for w in words)
        options = "-y --no-install-recommends" if lean else "-y"
        return f"RUN apt-get update && apt-get install {options} {packages} && rm -rf /var/lib/apt/lists/*"
    if action.manager == "apk":
        return f"RUN apk add --no-cache {packages}"
    if action.manager == "dnf":
        return f"RUN {tool} install -y {packages} && {tool} clean all"
    return f"RUN zypper --non-interactive install {packages} && zypper clean --all"
