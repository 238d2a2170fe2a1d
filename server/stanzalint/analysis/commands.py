"""What a shell command does, asked of ``ShellCommand`` data: package managers, installs, updates.

Rules share these predicates so that ``pip3.11``, ``python3 -m pip``, ``uv pip``, ``sudo apt-get``
and ``/usr/bin/apk`` are recognised the same way everywhere. They read the command's words (the
effective command after wrappers, see ``ShellCommand.name``), never the raw text.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from stanzalint.analysis.model import ShellCommand, Word

#: Package managers by the program name that runs them.
_MANAGER_NAMES: dict[str, str] = {
    "apt-get": "apt-get",
    "apt": "apt-get",
    "aptitude": "apt-get",
    "apk": "apk",
    "yum": "yum",
    "dnf": "dnf",
    "microdnf": "microdnf",
    "zypper": "zypper",
    "uv": "uv",
    "poetry": "poetry",
    "pipenv": "pipenv",
    "conda": "conda",
    "mamba": "mamba",
    "micromamba": "micromamba",
    "npm": "npm",
    "yarn": "yarn",
    "pnpm": "pnpm",
    "gem": "gem",
    "go": "go",
    "cargo": "cargo",
    "R": "R",
    "Rscript": "R",
}

#: Subcommands that install packages, per manager.
_INSTALL_SUBCOMMANDS: dict[str, frozenset[str]] = {
    "apt-get": frozenset({"install"}),
    "apk": frozenset({"add"}),
    "yum": frozenset({"install", "groupinstall", "localinstall"}),
    "dnf": frozenset({"install", "groupinstall", "localinstall"}),
    "microdnf": frozenset({"install"}),
    "zypper": frozenset({"install", "in"}),
    "pip": frozenset({"install"}),
    "poetry": frozenset({"install", "add"}),
    "pipenv": frozenset({"install", "sync"}),
    "conda": frozenset({"install", "create"}),
    "mamba": frozenset({"install", "create"}),
    "micromamba": frozenset({"install", "create"}),
    "npm": frozenset({"install", "i", "in", "ci", "add"}),
    "yarn": frozenset({"add", "install"}),
    "pnpm": frozenset({"add", "install", "i"}),
    "gem": frozenset({"install"}),
    "go": frozenset({"install", "get"}),
    "cargo": frozenset({"install"}),
}

#: Options yum and dnf take with a value (they share their command line).
_RPM_VALUE_OPTIONS = frozenset(
    {
        "-c",
        "-d",
        "-e",
        "-x",
        "--config",
        "--installroot",
        "--releasever",
        "--exclude",
        "--enablerepo",
        "--disablerepo",
        "--setopt",
        "--repo",
        "--repoid",
    }
)

#: Options that take the next word as their value (so it is not a subcommand or a package).
_VALUE_OPTIONS: dict[str, frozenset[str]] = {
    "apt-get": frozenset({"-o", "-c", "-t", "--option", "--config-file", "--target-release", "--default-release"}),
    "apk": frozenset(
        {
            "-X",
            "--repository",
            "-p",
            "--root",
            "-t",
            "--virtual",
            "--cache-dir",
            "--arch",
            "--keys-dir",
            "--repositories-file",
        }
    ),
    "yum": _RPM_VALUE_OPTIONS,
    "dnf": _RPM_VALUE_OPTIONS,
    "microdnf": frozenset({"--config", "--installroot", "--releasever", "--enablerepo", "--disablerepo", "--setopt"}),
    "zypper": frozenset({"-r", "--repo", "--from", "-t", "--type", "--root", "-R"}),
    "pip": frozenset(
        {
            "-r",
            "--requirement",
            "-c",
            "--constraint",
            "-e",
            "--editable",
            "-i",
            "--index-url",
            "--extra-index-url",
            "-f",
            "--find-links",
            "-t",
            "--target",
            "--prefix",
            "--root",
            "--platform",
            "--python-version",
            "--implementation",
            "--abi",
            "--only-binary",
            "--no-binary",
            "--progress-bar",
            "--trusted-host",
            "--cache-dir",
            "--src",
            "--upgrade-strategy",
            "--log",
            "--proxy",
            "--timeout",
            "--retries",
            "-C",
            "--config-settings",
            "--global-option",
            "--python",
            "--report",
        }
    ),
    "npm": frozenset({"--prefix", "--registry", "-w", "--workspace", "--tag", "--cache", "--loglevel"}),
    "yarn": frozenset({"--cwd", "--registry", "--cache-folder", "--network-timeout", "--modules-folder"}),
    "pnpm": frozenset({"-C", "--dir", "--filter", "-F", "--registry", "--store-dir"}),
    "gem": frozenset({"-v", "--version", "-i", "--install-dir", "-n", "--bindir", "-s", "--source", "--platform"}),
    "conda": frozenset({"-c", "--channel", "-n", "--name", "-p", "--prefix", "--file", "--override-channels-file"}),
    "mamba": frozenset({"-c", "--channel", "-n", "--name", "-p", "--prefix", "--file"}),
    "micromamba": frozenset(
        {"-c", "--channel", "-n", "--name", "-p", "--prefix", "-f", "--file", "-r", "--root-prefix"}
    ),
    "go": frozenset({"-o", "-modfile", "-tags"}),
    "cargo": frozenset(
        {
            "--version",
            "--git",
            "--branch",
            "--tag",
            "--rev",
            "--path",
            "--root",
            "--index",
            "--registry",
            "--features",
            "-F",
            "-j",
            "--jobs",
            "--target",
            "--profile",
        }
    ),
}

_UPDATE_SUBCOMMANDS: dict[str, frozenset[str]] = {
    "apt-get": frozenset({"update"}),
    "apk": frozenset({"update"}),
    "yum": frozenset({"makecache", "check-update"}),
    "dnf": frozenset({"makecache", "check-update"}),
    "microdnf": frozenset({"makecache"}),
    "zypper": frozenset({"refresh", "ref"}),
}

_UPGRADE_SUBCOMMANDS: dict[str, frozenset[str]] = {
    "apt-get": frozenset({"upgrade", "dist-upgrade", "full-upgrade"}),
    "apk": frozenset({"upgrade"}),
    "yum": frozenset({"update", "upgrade"}),
    "dnf": frozenset({"update", "upgrade", "distro-sync"}),
    "microdnf": frozenset({"update", "upgrade"}),
    "zypper": frozenset({"update", "up", "dist-upgrade", "dup"}),
}


def _versioned(name: str, prefix: str) -> bool:
    """``pip3.11`` is ``pip`` with a version: the prefix, then only digits and dots."""
    rest = name[len(prefix) :]
    return name.startswith(prefix) and all(c.isdigit() or c == "." for c in rest)


def is_python(name: str) -> bool:
    """``python``, ``python3``, ``python3.12``."""
    return _versioned(name, "python")


def is_pip(name: str) -> bool:
    """``pip``, ``pip3``, ``pip3.11``."""
    return _versioned(name, "pip")


@dataclass
class PipCall:
    """A pip run, however it is spelled: ``pip3 install``, ``python -m pip install``, ``uv pip install``."""

    runner: str  # "pip", "python -m pip" or "uv pip"
    args: list[Word]  # pip's own arguments: the subcommand and what follows

    @property
    def subcommand(self) -> str | None:
        return _subcommand("pip", self.args)


def _python_module_args(cmd: ShellCommand, module_names: Collection[str]) -> list[Word] | None:
    """Arguments after ``-m <module>`` of a python command, when the module is one of those."""
    args = cmd.args
    i = 0
    while i < len(args):
        v = args[i].value
        if v == "-m" and i + 1 < len(args):
            return args[i + 2 :] if args[i + 1].value in module_names else None
        if v.startswith("-m") and len(v) > 2:
            return args[i + 1 :] if v[2:] in module_names else None
        if v in ("-W", "-X"):
            i += 2
            continue
        if not v.startswith("-"):
            return None  # a script or ``-c`` code runs instead
        if v == "-c":
            return None
        i += 1
    return None


def pip_invocation(cmd: ShellCommand) -> PipCall | None:
    """How the command runs pip, or None when it does not."""
    name = cmd.name
    if is_pip(name):
        return PipCall("pip", cmd.args)
    if is_python(name):
        args = _python_module_args(cmd, ("pip", "pip3"))
        return PipCall("python -m pip", args) if args is not None else None
    if name == "uv":
        args = cmd.args
        for i, w in enumerate(args):
            if w.value.startswith("-"):
                continue
            return PipCall("uv pip", args[i + 1 :]) if w.value == "pip" else None
    return None


def package_manager(cmd: ShellCommand) -> str | None:
    """The package manager a command runs: "apt-get" (also for apt, aptitude), "apk", "yum",
    "dnf", "microdnf", "zypper", "pip" (any spelling, ``uv pip`` included), "uv", "poetry",
    "pipenv", "conda", "mamba", "micromamba", "npm", "yarn", "pnpm", "gem", "go", "cargo", "R"."""
    if pip_invocation(cmd) is not None:
        return "pip"
    return _MANAGER_NAMES.get(cmd.name)


def _manager_args(cmd: ShellCommand) -> tuple[str, list[Word]] | None:
    """(manager, the manager's own arguments) or None."""
    pip = pip_invocation(cmd)
    if pip is not None:
        return "pip", pip.args
    manager = _MANAGER_NAMES.get(cmd.name)
    if manager is None:
        return None
    return manager, cmd.args


def _subcommand_index(manager: str, args: list[Word]) -> int | None:
    values = _VALUE_OPTIONS.get(manager, frozenset())
    i = 0
    while i < len(args):
        v = args[i].value
        if v.startswith("-"):
            i += 2 if (v in values and "=" not in v) else 1
            continue
        return i
    return None


def _subcommand(manager: str, args: list[Word]) -> str | None:
    i = _subcommand_index(manager, args)
    return args[i].value if i is not None else None


def subcommand_of(cmd: ShellCommand) -> str | None:
    """The package manager's subcommand (``install`` in ``apt-get -o X=1 install``), or None."""
    found = _manager_args(cmd)
    return _subcommand(found[0], found[1]) if found else None


def _r_installs(cmd: ShellCommand) -> bool:
    """``R -e "install.packages('x')"`` / ``Rscript -e 'remotes::install_github(...)'``."""
    args = cmd.args
    for i, w in enumerate(args[:-1]):
        if w.value in ("-e", "--expr"):
            code = args[i + 1].value
            if (
                "install.packages(" in code
                or "install_github(" in code
                or "install_version(" in code
                or "BiocManager::install(" in code
            ):
                return True
    return False


def is_package_install(cmd: ShellCommand) -> str | None:
    """The manager when the command installs packages (``apt-get install``, ``apk add``,
    ``pip install``, ``uv pip install``/``uv add``/``uv sync``, ``npm ci``, bare ``yarn``,
    ``go install``, ``R -e "install.packages(...)"``...), else None."""
    found = _manager_args(cmd)
    if found is None:
        return None
    manager, args = found
    if manager == "R":
        return "R" if _r_installs(cmd) else None
    sub = _subcommand(manager, args)
    if manager == "uv":
        if sub in ("add", "sync"):
            return "uv"
        if sub == "tool":
            at = _subcommand_index(manager, args)
            rest = args[at + 1 :] if at is not None else []
            return "uv" if _subcommand("uv", rest) == "install" else None
        return None
    if manager == "yarn" and sub is None:
        return "yarn"  # a bare ``yarn`` installs the project's dependencies
    if sub is not None and sub in _INSTALL_SUBCOMMANDS.get(manager, ()):
        return manager
    return None


def installed_packages(cmd: ShellCommand) -> list[Word]:
    """The package arguments of an install command (option values and requirement files
    excluded): ``curl`` and ``git=1:2.39*`` in ``apt-get install -y curl git=1:2.39*``.
    Empty for other commands and for installs that name no package (``npm ci``, ``pip install -r x``)."""
    manager = is_package_install(cmd)
    found = _manager_args(cmd)
    if manager is None or manager == "R" or found is None:
        return []
    manager, args = found
    start = _subcommand_index(manager, args)
    if start is None:
        return []
    if manager == "uv" and args[start].value == "tool":  # ``uv tool install ruff``
        sub = _subcommand_index(manager, args[start + 1 :])
        start = start + 1 + (sub or 0)
    values = _VALUE_OPTIONS.get(manager, frozenset())
    out: list[Word] = []
    i = start + 1
    while i < len(args):
        w = args[i]
        v = w.value
        if v == "--":
            out.extend(a for a in args[i + 1 :])
            break
        if v.startswith("-"):
            i += 2 if (v in values and "=" not in v) else 1
            continue
        out.append(w)
        i += 1
    return out


def is_update(cmd: ShellCommand) -> bool:
    """Refreshes a package index: ``apt-get update``, ``apk update``, ``yum makecache``,
    ``dnf check-update``, ``zypper refresh``."""
    found = _manager_args(cmd)
    if found is None:
        return False
    manager, args = found
    return _subcommand(manager, args) in _UPDATE_SUBCOMMANDS.get(manager, ())


def is_upgrade(cmd: ShellCommand) -> bool:
    """Upgrades every installed package: ``apt-get upgrade``/``dist-upgrade``, ``apk upgrade``,
    ``yum update``/``upgrade``, ``dnf upgrade``, ``zypper update``. Upgrading named packages
    (``yum update openssl``) counts too; check ``installed_packages``-style arguments if needed."""
    found = _manager_args(cmd)
    if found is None:
        return False
    manager, args = found
    return _subcommand(manager, args) in _UPGRADE_SUBCOMMANDS.get(manager, ())
