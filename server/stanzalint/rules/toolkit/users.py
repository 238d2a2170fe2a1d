"""Users: who a stage runs as, the accounts its RUNs create, and whether a USER value or a
privilege-dropping program names one of them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from stanzalint.analysis.model import Analysis, ShellCommand, Stage, Word
from stanzalint.rules.toolkit.commands import command_words, options_and_operands
from stanzalint.rules.toolkit.run_summaries import run_summary
from stanzalint.rules.toolkit.stages import chain_instructions, stage_body
from stanzalint.syntax.model import Instruction

_ROOT_NAMES = {"root", "0"}


def is_root_user(value: str) -> bool:
    """``root``, ``0``, ``root:root``, ``0:0`` (the user part decides)."""
    return value.strip().split(":", 1)[0] in _ROOT_NAMES


def last_user(stage: Stage) -> Instruction | None:
    """The USER in effect at the end of the stage (inherited through ``FROM <stage>``)."""
    found = None
    for _, ins in chain_instructions(stage):
        if ins.keyword == "USER" and ins.args:
            found = ins
    return found


# useradd / adduser (Debian and BusyBox) options that take a value
_USERADD_VALUE = {
    "-u",
    "--uid",
    "-g",
    "--gid",
    "-G",
    "--groups",
    "-d",
    "--home-dir",
    "--home",
    "-s",
    "--shell",
    "-c",
    "--comment",
    "-k",
    "--skel",
    "-e",
    "--expiredate",
    "-f",
    "--inactive",
    "-K",
    "--key",
    "-p",
    "--password",
    "-R",
    "--root",
    "-P",
    "--prefix",
    "-b",
    "--base-dir",
    "-Z",
    "--selinux-user",
    "--firstuid",
    "--lastuid",
    "--firstgid",
    "--lastgid",
    "--gecos",
    "--ingroup",
    "--conf",
    "--add-extra-groups",
    "-h",
}  # BusyBox adduser: -h DIR, -g GECOS, -s SHELL, -G GROUP, -u UID, -k SKEL (all above)


@dataclass
class CreatedUser:
    """A user a RUN creates with useradd/adduser."""

    name: str  # as written (``app``, ``${NB_USER}``)
    uid: str | None
    word: Word
    command: ShellCommand
    instruction: Instruction
    stage: Stage

    @property
    def user_line_names(self) -> list[str]:
        """What a USER value may say to name the account: its name, or its uid."""
        return [normalise_user(self.name)] + ([normalise_user(self.uid)] if self.uid is not None else [])


def created_users(analysis: Analysis, stage: Stage) -> list[CreatedUser]:
    """Users the stage's own RUNs create (``useradd``, ``adduser``), in order (the commands of a
    RUN are read only when its text names one of them)."""
    return [
        user
        for ins in stage_body(stage)
        if ins.keyword == "RUN" and run_summary(analysis, ins, creates_accounts)
        for user in users_created_by(analysis, ins, stage)
    ]


def users_created_by(analysis: Analysis, run: Instruction, stage: Stage) -> list[CreatedUser]:
    """Users one RUN of ``stage`` creates (``useradd``, ``adduser``), in order."""
    out: list[CreatedUser] = []
    for cmd in analysis.commands(run):
        if cmd.name not in _CREATE:
            continue
        words, options = options_and_operands(cmd, _USERADD_VALUE)
        if not words:
            continue
        if (
            cmd.name == "adduser"
            and len(words) >= 2
            and not any(o in options for o in ("-u", "--uid", "--system", "-S", "--ingroup", "--gecos", "-G"))
            and not cmd.has_option("--system", "-S", "-D", "--disabled-password", "-H", "--no-create-home")
        ):
            continue  # ``adduser app sudo`` adds an existing user to a group
        uid = options.get("-u") or options.get("--uid")
        word = words[0]
        out.append(CreatedUser(word.value, uid, word, cmd, run, stage))
    return out


_CREATE = frozenset({"useradd", "adduser"})


def creates_accounts(commands: list[ShellCommand]) -> bool:
    """Whether a RUN's ``commands`` include a ``useradd`` or ``adduser`` (``users_created_by``
    reads them)."""
    return any(cmd.name in _CREATE for cmd in commands)


def user_named(user_value: str) -> str:
    """The user a USER value (``app``, ``app:app``, ``1000``, ``${USER}``) names, in the form
    ``CreatedUser.user_line_names`` gives."""
    return normalise_user(user_value.strip()).split(":", 1)[0]


def normalise_user(text: str) -> str:
    """A user as written, quotes dropped and ``${NAME}`` spelled ``$NAME``, for comparing."""
    if '"' not in text and "'" not in text and "${" not in text:
        return text  # most words: nothing to drop or respell
    return _BRACED.sub(r"$\1", text.replace('"', "").replace("'", ""))


_BRACED = re.compile(r"\$\{(\w+)\}")


# programs that run something as another user: seeing the user's name there means it is used
_PRIVILEGE_DROP = {
    "gosu",
    "su-exec",
    "su",
    "runuser",
    "setpriv",
    "chpst",
    "s6-setuidgid",
    "setuidgid",
    "chroot",
    "sudo",
    "doas",
    "start-stop-daemon",
    "setuser",
    "exec-as",
}


#: account-management commands: a group named ``sudo`` in them is not a run of sudo
_ACCOUNT_TOOLS = {"useradd", "usermod", "adduser", "addgroup", "groupadd", "gpasswd", "deluser"}


def names_run_as_in(commands: Iterable[ShellCommand]) -> frozenset[str]:
    """The users a RUN's ``commands`` switch to some other way than USER: every ``:``- or
    ``=``-separated part of the words of a privilege-dropping program's command (``gosu app``,
    ``su app -c``, ``sudo -u app``)."""
    names: set[str] = set()
    for cmd in commands:
        if cmd.name in _ACCOUNT_TOOLS:
            continue  # ``useradd -G sudo app`` names a group, runs nothing
        words = [w.value for w in cmd.words]
        if any(w.rsplit("/", 1)[-1] in _PRIVILEGE_DROP for w in words):
            for w in words:
                names.update(normalise_user(w).split(":"))
                names.update(normalise_user(w).split("="))
    return frozenset(names)


def names_started_as(ins: Instruction) -> set[str]:
    """The users a CMD or ENTRYPOINT starts its program as through a privilege-dropping program
    (``["gosu", "app:app", "server"]``): every ``:``-separated part of its words."""
    names: set[str] = set()
    values = command_words(ins)
    if any(v.rsplit("/", 1)[-1] in _PRIVILEGE_DROP for v in values):
        for v in values:
            names.update(normalise_user(v).split(":"))
    return names


def usable_user(analysis: Analysis, stage: Stage) -> CreatedUser | None:
    """The last user the stage or its bases create whose name a USER line can spell."""
    last = stage.instructions[-1]
    for s in stage.chain:  # nearest stage first
        for user in reversed(created_users(analysis, s)):
            if user.word.literal and user.name and "$" not in user.name:
                return user
            if "$" in user.name and analysis.resolve(user.name, last)[1]:
                return user
    return None
