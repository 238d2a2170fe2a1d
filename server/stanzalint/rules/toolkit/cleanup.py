"""Cleanup commands: whether an ``rm`` deletes a directory or a cache, whether a project
script cleans up, what a cleanup removes (packages, paths, package-manager lists and caches)
and whether a later command may still need it.

Moving a cleanup earlier (SZ401's fold) is only right when nothing in between uses what it
removes: a removed package's commands, a deleted path, a package manager's cache or lists.
A removal whose users cannot be seen from the file (a package whose commands are not known,
``autoremove``, a virtual package, a script run in between) counts as used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from stanzalint.analysis.model import ShellCommand
from stanzalint.rules.toolkit.commands import positionals, tool_of
from stanzalint.rules.toolkit.packages import package_action, package_name
from stanzalint.rules.toolkit.paths import covers, expand_braces, is_under


def removes(cmds: Sequence[ShellCommand], *directories: str) -> bool:
    """An ``rm`` among ``cmds`` deletes one of the directories (or its contents)."""
    for c in cmds:
        if c.name != "rm":
            continue
        for w in positionals(c.args):
            if any(covers(path, d) for path in expand_braces(w.value) for d in directories):
                return True
    return False


def removes_path(commands: Sequence[ShellCommand], after: int, *needles: str) -> bool:
    """Some ``rm`` after offset ``after`` deletes a path containing one of ``needles``."""
    for c in commands:
        if c.name == "rm" and c.span.start > after:
            for w in c.args:
                if not w.value.startswith("-") and any(n in w.value for n in needles):
                    return True
    return False


def runs_cleanup_script(commands: Sequence[ShellCommand], after: int) -> bool:
    """A project script named for cleaning (``clean-layer.sh``, ``cleanup``) runs after offset
    ``after``: what it removes is not visible, so cache rules give it the benefit of the doubt."""
    return any(
        c.span.start > after and "clean" in c.name.lower() and c.name not in ("apt-get", "apt") for c in commands
    )


# -- what a cleanup removes, and who needs it ------------------------------------------------------
#: Packages whose only job in an image is the commands they install: removing one is checkable
#: by looking for those commands. Packages not listed (libraries, compilers that builds call
#: without naming them, git that pip and go call) are not checkable.
PACKAGE_COMMANDS = {
    "wget": {"wget"},
    "curl": {"curl"},
    "libcap2-bin": {"setcap", "getcap", "capsh", "getpcaps"},
    "libcap": {"setcap", "getcap", "capsh", "getpcaps"},
    "libcap-progs": {"setcap", "getcap"},
    "unzip": {"unzip"},
    "zip": {"zip"},
    "xz-utils": {"xz", "unxz", "xzcat"},
    "bzip2": {"bzip2", "bunzip2", "bzcat"},
    "gnupg": {"gpg", "gpg-agent", "gpgv", "dirmngr"},
    "gnupg2": {"gpg", "gpg2", "gpg-agent", "gpgv", "dirmngr"},
    "dirmngr": {"dirmngr"},
    "jq": {"jq"},
    "file": {"file"},
    "lsb-release": {"lsb_release"},
    "software-properties-common": {"add-apt-repository", "apt-add-repository"},
    "apt-transport-https": set(),
    "sudo": {"sudo"},
    "vim": {"vim", "vi"},
    "nano": {"nano"},
    "less": {"less"},
}

#: Package-manager cleanups -> the commands that read what they remove (lists, caches).
_CACHE_USERS = {
    "apt": {"apt-get", "apt-cache", "apt-mark", "aptitude", "add-apt-repository"},
    "apk": {"apk"},
    "rpm": {"yum", "dnf", "microdnf"},
    "conda": {"conda", "mamba", "micromamba"},
    "pip": {"pip", "uv"},
    "npm": {"npm", "yarn"},
}


#: every command a removal's users may name (what ``Needs.uses`` looks for)
_USER_COMMANDS = frozenset(
    {name for names in PACKAGE_COMMANDS.values() for name in names}
    | {name for names in _CACHE_USERS.values() for name in names}
)


@dataclass(frozen=True)
class Removal:
    """One thing a cleanup removes: the commands that would need it, or a path."""

    users: tuple[str, ...] | None = None  # commands that use it, sorted; None with no path: unknown
    path: str | None = None  # an absolute path (``rm``)


UNKNOWN = Removal()


def removals(cmd: ShellCommand, kinds: Sequence[str]) -> list[Removal]:
    """What ``cmd`` (a cleanup of the given kinds, see SZ401) removes."""
    action = package_action(cmd, cmd.instruction)
    if action is not None and action.action == "autoremove":
        return [UNKNOWN]
    if action is not None and action.action == "remove":
        return [_package(package_name(word)) for word in action.packages]
    if cmd.name == "rm":
        return [_path(kind) for kind in kinds]
    return [_users(_CACHE_USERS[kind]) for kind in kinds if kind in _CACHE_USERS]


def _users(commands: set[str]) -> Removal:
    return Removal(users=tuple(sorted(commands)))


def _package(name: str) -> Removal:
    commands = PACKAGE_COMMANDS.get(name.split(":", 1)[0])
    return UNKNOWN if commands is None else _users(commands)


def _path(kind: str) -> Removal:
    if kind in _CACHE_USERS:
        return _users(_CACHE_USERS[kind])
    path = kind[len("path:") :].rstrip("*").rstrip("/")
    return Removal(path=path) if path.startswith("/") else UNKNOWN


class Needs(NamedTuple):
    """What some commands may need of what a cleanup removes, with no position in it
    (``needs_of``): whether they run anything (an unknown removal is needed by any command), the
    commands of ``PACKAGE_COMMANDS`` and package managers they run or name, and their words
    holding a ``/`` (a removed path is named in one)."""

    runs: bool
    names: tuple[str, ...]
    paths: tuple[str, ...]

    def uses(self, removal: Removal) -> bool:
        """These commands may need what ``removal`` removes (unknown removals are needed by
        everything)."""
        if not self.runs:
            return False
        if removal.path is not None:
            return any(_touches(value, removal.path) for value in self.paths)
        if removal.users is None:
            return True
        return any(name in removal.users for name in self.names)


def needs_of(commands: Sequence[ShellCommand]) -> Needs:
    """What ``commands`` may need of what a cleanup removes: a removed package's commands run
    (the tool, the command past its wrappers, or an argument naming it: ``xargs``, a path to it),
    a removed path named in a word."""
    names: set[str] = set()
    paths: list[str] = []
    for cmd in commands:
        tool, _ = tool_of(cmd)
        names.update((tool, cmd.name), (w.value.rsplit("/", 1)[-1] for w in cmd.args))
        paths.extend(w.value for w in cmd.words if "/" in w.value)
    return Needs(bool(commands), tuple(sorted(names & _USER_COMMANDS)), tuple(paths))


def _touches(value: str, path: str) -> bool:
    """A word ``value`` names ``path``, something under it, or a directory holding it (every
    such word holds a ``/``, as ``path`` is absolute)."""
    if path in value:
        return True
    candidate = value.rstrip("/")
    return candidate.startswith("/") and candidate != "" and is_under(path, candidate)
