"""Package managers: the install (and other) subcommands of apt-get/aptitude, apk, yum/dnf,
zypper and pip, the options of each that take a value, what counts as a version pin, whether a
cache is cleaned, the packages a command installs or removes, and whether a program is
installed, downloaded or copied in."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from stanzalint.analysis.model import Analysis, ShellCommand, Word
from stanzalint.rules.toolkit.commands import options_and_operands, positionals, subcommand_and_rest, tool_of
from stanzalint.syntax.model import Instruction

#: (subcommand word, the words after it) of a package-manager command
Subcommand = tuple[Word, list[Word]]


def manager_subcommand(
    cmd: ShellCommand, tools: Iterable[str], with_value: tuple[str, ...], subcommands: Iterable[str]
) -> Subcommand | None:
    """For ``<tool> [options] <sub> ...`` with the tool in ``tools`` and ``sub`` in
    ``subcommands``: the subcommand word and the words after it; None for anything else
    (the words are read once per command and ``with_value``; the list is shared: do not
    change it)."""
    if cmd.name not in tools:
        return None
    sub, rest = cmd.classified((subcommand_and_rest, with_value), lambda c: subcommand_and_rest(c.args, with_value))
    if sub is None or sub.value not in subcommands:
        return None
    return sub, rest


def judgeable(word: Word) -> bool:
    """False for a word whose value comes from a variable (``$PACKAGES``): the build decides
    what it holds, so whether it is pinned cannot be told."""
    return word.literal or "$" not in word.value


# -- apt ---------------------------------------------------------------------------------------------

APT_WITH_VALUE = (
    "-o",
    "-c",
    "-t",
    "-a",
    "--option",
    "--config-file",
    "--target-release",
    "--default-release",
    "--host-architecture",
    "-F",
    "--display-format",
    "-w",
    "--width",
    "-O",
    "--sort",
)  # the last: aptitude's
#: apt's command-line installers that share apt-get's install syntax (``apt`` is DL3027's).
APT_INSTALLERS = ("apt-get", "aptitude")


def apt_get(cmd: ShellCommand, *subcommands: str) -> Subcommand | None:
    """For ``apt-get <sub> ...`` (or ``aptitude <sub> ...``) with ``sub`` in ``subcommands``:
    the subcommand word and the words after it."""
    return manager_subcommand(cmd, APT_INSTALLERS, APT_WITH_VALUE, subcommands)


def apt_is_pinned(package: str) -> bool:
    """``curl=7.88.1-10``, ``curl/bookworm-backports`` or a local ``.deb``."""
    return "=" in package or "/" in package or package.endswith(".deb")


# -- apk ---------------------------------------------------------------------------------------------

APK_WITH_VALUE = (
    "-t",
    "--virtual",
    "-X",
    "--repository",
    "-p",
    "--root",
    "--keys-dir",
    "--repositories-file",
    "--arch",
    "--cache-dir",
    "--cache-max-age",
    "--wait",
)


def apk_add(cmd: ShellCommand) -> Subcommand | None:
    """For ``apk add ...``: the ``add`` word and the words after it."""
    return manager_subcommand(cmd, ("apk",), APK_WITH_VALUE, ("add",))


def apk_is_pinned(package: str) -> bool:
    """``curl=8.5.0-r0``, ``curl~8.5``, ``curl>8`` or a local ``.apk``."""
    if package.endswith(".apk") or package.startswith((".", "/")):
        return True
    return any(c in package for c in "=~<>")


# -- yum, dnf, microdnf ------------------------------------------------------------------------------

RPM_WITH_VALUE = (
    "-c",
    "--config",
    "--installroot",
    "--releasever",
    "-x",
    "--exclude",
    "--repo",
    "--repoid",
    "--enablerepo",
    "--disablerepo",
    "--setopt",
    "-d",
    "--debuglevel",
    "-e",
    "--errorlevel",
    "--downloaddir",
    "--destdir",
    "--forcearch",
    "--repofrompath",
    "--rpmverbosity",
    "--color",
    "--advisory",
    "--cve",
    "--secseverity",
)
RPM_INSTALLS = ("install", "groupinstall", "localinstall")
#: Subcommands that download packages into the cache: installs, reinstalls and upgrades.
RPM_DOWNLOADS = RPM_INSTALLS + ("reinstall", "upgrade", "upgrade-minimal")
#: dnf's short and older spellings of a subcommand (yum shares ``update``).
RPM_ALIASES = {
    "in": "install",
    "rei": "reinstall",
    "up": "upgrade",
    "update": "upgrade",
    "up-min": "upgrade-minimal",
    "update-minimal": "upgrade-minimal",
}


def rpm_subcommand(word: Word) -> str:
    """The subcommand ``word`` names, aliases resolved (``in`` -> ``install``)."""
    return RPM_ALIASES.get(word.value, word.value)


def rpm_install(
    cmd: ShellCommand, tools: Sequence[str], subcommands: Sequence[str] = RPM_INSTALLS
) -> Subcommand | None:
    """For ``yum|dnf|microdnf <sub> ...`` (tool in ``tools``, ``sub`` or its alias in
    ``subcommands``; ``module <sub>`` too): the subcommand word and the words after it (read
    once per command; the list is shared: do not change it)."""
    if cmd.name not in tools:
        return None
    sub, rest = cmd.classified(rpm_install, _rpm_subcommand_and_rest)
    if sub is None or rpm_subcommand(sub) not in subcommands:
        return None
    return sub, rest


def _rpm_subcommand_and_rest(cmd: ShellCommand) -> tuple[Word | None, list[Word]]:
    """The subcommand of a yum/dnf command (after ``module``) and the words after it."""
    sub, rest = subcommand_and_rest(cmd.args, RPM_WITH_VALUE)
    if sub is not None and sub.value == "module":
        sub, rest = subcommand_and_rest(rest, RPM_WITH_VALUE)
    return sub, rest


def is_rpm_module_command(cmd: ShellCommand) -> bool:
    """``dnf module ...`` / ``yum module ...``: the arguments name modules, not packages."""
    pos = positionals(cmd.args, RPM_WITH_VALUE)
    return bool(pos) and pos[0].value == "module"


def rpm_is_pinned(package: str) -> bool:
    """``httpd-2.4.57`` / ``httpd-0:2.4.57-5.el9``: a dash followed by a digit. Local files,
    URLs and groups (``@development``) are not version-pinned packages and count as fine."""
    if package.endswith(".rpm") or package.startswith(("/", ".", "@")) or "://" in package:
        return True
    return re.search(r"-\d", package) is not None


def cleans(cmds: Sequence[ShellCommand], tools: Sequence[str]) -> bool:
    """A ``<tool> clean ...`` (or ``cc``) among ``cmds``."""
    for c in cmds:
        if c.name in tools:
            pos = positionals(c.args, RPM_WITH_VALUE)
            if pos and pos[0].value in ("clean", "cc"):
                return True
    return False


# -- zypper ------------------------------------------------------------------------------------------

ZYPPER_WITH_VALUE = (
    "-t",
    "--type",
    "-r",
    "--repo",
    "--from",
    "-R",
    "--root",
    "-D",
    "--reposd-dir",
    "-C",
    "--cache-dir",
    "--raw-cache-dir",
    "--solv-cache-dir",
    "--pkg-cache-dir",
    "-c",
    "--config",
    "--userdata",
    "-p",
    "--plus-repo",
)


def zypper_sub(cmd: ShellCommand, *subcommands: str) -> Subcommand | None:
    """For ``zypper <sub> ...`` with ``sub`` in ``subcommands``: the subcommand word and the
    words after it."""
    return manager_subcommand(cmd, ("zypper",), ZYPPER_WITH_VALUE, subcommands)


def zypper_is_pinned(package: str) -> bool:
    """``curl=8.0``, ``curl>=8``, a local ``.rpm`` or a URL."""
    if package.endswith(".rpm") or package.startswith(("/", ".")) or "://" in package:
        return True
    return any(c in package for c in "=<>")


def is_pinned(manager: str, package: str) -> bool:
    """The install rules' own test of a version pin for ``manager`` (``apt-get``, ``apk``,
    ``zypper``; anything else is judged as yum/dnf)."""
    pinned = {"apt-get": apt_is_pinned, "apk": apk_is_pinned, "zypper": zypper_is_pinned}.get(manager, rpm_is_pinned)
    return pinned(package)


# -- pip ---------------------------------------------------------------------------------------------

PIP_GLOBAL_WITH_VALUE = (
    "--log",
    "--proxy",
    "--retries",
    "--timeout",
    "--exists-action",
    "--cert",
    "--client-cert",
    "--cache-dir",
    "--python",
    "--keyring-provider",
    "--use-feature",
    "--use-deprecated",
)
PIP_INSTALL_WITH_VALUE = PIP_GLOBAL_WITH_VALUE + (
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
    "--trusted-host",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "--src",
    "--upgrade-strategy",
    "--progress-bar",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--global-option",
    "--install-option",
    "-C",
    "--config-settings",
    "--no-binary",
    "--only-binary",
    "--report",
    "--root-user-action",
    "--group",
)
#: ``uv pip install`` takes pip's options and these
UV_PIP_WITH_VALUE = PIP_INSTALL_WITH_VALUE + (
    "-p",
    "--index",
    "--default-index",
    "--index-strategy",
    "--extra",
    "--override",
    "--overrides",
    "--build-constraint",
    "--build-constraints",
    "--with",
    "--with-requirements",
    "--with-editable",
    "--from",
    "--python-platform",
    "--resolution",
    "--prerelease",
    "--exclude-newer",
    "--link-mode",
    "--reinstall-package",
    "--upgrade-package",
    "-P",
    "--directory",
    "--project",
    "--cache-dir",
)


def pip_install(cmd: ShellCommand) -> Subcommand | None:
    """For ``pip install ...`` / ``python -m pip install ...``: the ``install`` word and the
    words after it; None for anything else (worked out once per command; the list is shared:
    do not change it)."""
    return cmd.classified(pip_install, _pip_install)


def _pip_install(cmd: ShellCommand) -> Subcommand | None:
    tool, rest = tool_of(cmd)
    if tool != "pip":
        return None
    pos = positionals(rest, PIP_GLOBAL_WITH_VALUE)
    if not pos or pos[0].value != "install":
        return None
    install = pos[0]
    return install, [w for w in rest if w.span.start > install.span.start]


def installs_or_fetches(analysis: Analysis, instructions: Sequence[Instruction], programs: set[str]) -> bool:
    """True when the instructions install one of ``programs`` with a package manager, download
    it (``curl``/``wget`` of ``.../gosu-amd64``) or copy it in (``COPY gosu /usr/local/bin/``)."""
    for ins in instructions:
        if ins.keyword == "RUN":
            if commands_bring_in(analysis.commands(ins), programs):
                return True
        elif ins.keyword in ("COPY", "ADD") and any(program_basename(t.value) in programs for t in ins.args):
            return True
    return False


def commands_bring_in(commands: Iterable[ShellCommand], programs: AbstractSet[str]) -> bool:
    """True when one of a RUN's ``commands`` installs one of ``programs`` with a package manager
    or downloads it (``curl``/``wget`` of ``.../gosu-amd64``)."""
    return bool(programs_brought_in(commands, programs))


def programs_brought_in(commands: Iterable[ShellCommand], programs: AbstractSet[str]) -> frozenset[str]:
    """The programs among ``programs`` that a RUN's ``commands`` install with a package manager
    or download."""
    return frozenset(
        program
        for cmd in commands
        for program in cmd.classified(installs_or_fetches, _programs_brought_in)
        if program in programs
    )


def _programs_brought_in(cmd: ShellCommand) -> frozenset[str]:
    """The packages a command installs, or the programs it downloads (``curl``/``wget``)."""
    action = package_action(cmd, cmd.instruction)
    if action is not None and action.action == "install":
        return frozenset(package_name(w) for w in action.packages)
    if cmd.name in ("curl", "wget"):
        return frozenset(program_basename(w.value) for w in cmd.args)
    return frozenset()


def program_basename(value: str) -> str:
    """``/usr/local/bin/gosu`` -> ``gosu``; ``gosu-amd64`` -> ``gosu``."""
    base = value.rstrip("/").rsplit("/", 1)[-1].lower()
    return re.sub(r"-(?:amd64|arm64|armhf|armel|i386|ppc64el|s390x|\$\{?\w+\}?)$", "", base)


_APT = {"apt-get", "apt", "aptitude"}


_DNF = {"yum", "dnf", "microdnf", "tdnf"}


_VALUE_OPTIONS = {
    "apt": set(APT_WITH_VALUE),
    "apk": set(APK_WITH_VALUE),
    "dnf": set(RPM_WITH_VALUE),
    "zypper": set(ZYPPER_WITH_VALUE),
}


def manager_family(name: str) -> str | None:
    """``apt`` / ``apk`` / ``dnf`` / ``zypper`` for a package-manager command name."""
    if name in _APT:
        return "apt"
    if name == "apk":
        return "apk"
    if name in _DNF:
        return "dnf"
    if name == "zypper":
        return "zypper"
    return None


@dataclass
class PackageAction:
    """One package-manager command that installs or removes packages."""

    command: ShellCommand
    instruction: Instruction
    manager: str  # apt | apk | dnf | zypper
    action: str  # "install" | "remove" | "mark-auto" | "autoremove"
    packages: list[Word]
    virtual: str | None = None  # apk --virtual NAME


_INSTALL = {
    "apt": {"install"},
    "apk": {"add"},
    "dnf": {"install", "groupinstall", "localinstall"},
    "zypper": {"install", "in"},
}


_REMOVE = {"apt": {"purge", "remove"}, "apk": {"del"}, "dnf": {"remove", "erase"}, "zypper": {"remove", "rm"}}


def package_action(cmd: ShellCommand, ins: Instruction) -> PackageAction | None:
    """What a package-manager command does to packages (install, remove, autoremove), or None
    (read once per command; the package list is shared: do not change it)."""
    if manager_family(cmd.name) is None:
        return None
    found = cmd.classified(package_action, _package_action)
    return None if found is None else PackageAction(cmd, ins, *found)


def _package_action(cmd: ShellCommand) -> tuple[str, str, list[Word], str | None] | None:
    """(manager, action, packages, virtual) of ``package_action``."""
    manager = manager_family(cmd.name)
    if manager is None:
        return None
    words, options = options_and_operands(cmd, _VALUE_OPTIONS[manager])
    if not words:
        return None
    sub = words[0].value
    rest = words[1:]
    if manager == "dnf" and sub == "group" and rest and rest[0].value == "install":
        sub, rest = "groupinstall", rest[1:]
    if sub in _INSTALL[manager]:
        action = "install"
    elif sub in _REMOVE[manager]:
        action = "remove"
    elif sub == "autoremove":
        action = "autoremove"
    else:
        return None
    virtual = options.get("--virtual") or options.get("-t") if manager == "apk" else None
    return manager, action, rest, virtual


def package_name(word: Word) -> str:
    """``gcc=4:12.2.0-3`` / ``gcc~12`` -> ``gcc``; lower case."""
    return re.split(r"[=<>~]", word.value, maxsplit=1)[0].lower()
