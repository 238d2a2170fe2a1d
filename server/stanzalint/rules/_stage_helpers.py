"""Shared helpers for the stage-aware SZ rules (practices e, f, g, i).

What the rules about the shipped image need to know about a stage: the user it ends with, the
users it creates, the packages its installs add and remove, its OS family, and where a new
instruction belongs at the end of a stage. Everything is read from the analysis model
(shell commands, image references, variable scopes); nothing here re-parses RUN text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple

from stanzalint.analysis.model import Analysis, ImageRef, ShellCommand, Stage, Word
from stanzalint.rules._instructions import stage_body as own_instructions  # noqa: F401 (shared)
from stanzalint.rules._practice_helpers import newline_of  # noqa: F401 (shared)
from stanzalint.syntax.model import Instruction, Span

# -- instructions --------------------------------------------------------------------------


def chain_instructions(stage: Stage) -> List[Tuple[Stage, Instruction]]:
    """Instructions of the stage and of the stages it is built on, oldest first."""
    out: List[Tuple[Stage, Instruction]] = []
    for s in reversed(stage.chain):
        for ins in own_instructions(s):
            out.append((s, ins))
    return out


def descendants(analysis: Analysis, stage: Stage) -> List[Stage]:
    """Stages built on ``stage`` through ``FROM <stage>`` (directly or not), itself excluded."""
    return [s for s in analysis.stages if s is not stage and any(c is stage for c in s.chain)]


def run_commands(analysis: Analysis, stage: Stage) -> Iterator[Tuple[Instruction, ShellCommand]]:
    """Every shell command of the stage's own RUN instructions, in order."""
    for ins in own_instructions(stage):
        if ins.keyword == "RUN":
            for cmd in analysis.commands(ins):
                yield ins, cmd


def from_values(ins: Instruction) -> List[str]:
    """What an instruction reads from another stage or image: the values of COPY/ADD ``--from``
    and of ``from=`` in RUN ``--mount`` flags (a mount's value without its quotes)."""
    out: List[str] = []
    if ins.keyword in ("COPY", "ADD"):
        out.extend(f.value for f in ins.flags_named("from") if f.value)
    elif ins.keyword == "RUN":
        for f in ins.flags_named("mount"):
            for part in (f.value or "").split(","):
                key, _, value = part.partition("=")
                if key.strip().lower() == "from" and value:
                    out.append(value.strip().strip("\"'"))
    return out


# -- users -----------------------------------------------------------------------------------

_ROOT_NAMES = {"root", "0"}


def is_root_user(value: str) -> bool:
    """``root``, ``0``, ``root:root``, ``0:0`` (the user part decides)."""
    return value.strip().split(":", 1)[0] in _ROOT_NAMES


def last_user(stage: Stage) -> Optional[Instruction]:
    """The USER in effect at the end of the stage (inherited through ``FROM <stage>``)."""
    found = None
    for _, ins in chain_instructions(stage):
        if ins.keyword == "USER" and ins.args:
            found = ins
    return found


# useradd / adduser (Debian and BusyBox) options that take a value
_USERADD_VALUE = {
    "-u", "--uid", "-g", "--gid", "-G", "--groups", "-d", "--home-dir", "--home", "-s", "--shell",
    "-c", "--comment", "-k", "--skel", "-e", "--expiredate", "-f", "--inactive", "-K", "--key",
    "-p", "--password", "-R", "--root", "-P", "--prefix", "-b", "--base-dir", "-Z", "--selinux-user",
    "--firstuid", "--lastuid", "--firstgid", "--lastgid", "--gecos", "--ingroup", "--conf",
    "--add-extra-groups", "-h",
}
# BusyBox adduser: -h DIR, -g GECOS, -s SHELL, -G GROUP, -u UID, -k SKEL (all above)


@dataclass
class CreatedUser:
    """A user a RUN creates with useradd/adduser."""

    name: str  # as written (``app``, ``${NB_USER}``)
    uid: Optional[str]
    word: Word
    command: ShellCommand
    instruction: Instruction
    stage: Stage


def _positionals(cmd: ShellCommand, with_value: Set[str]) -> Tuple[List[Word], Dict[str, str]]:
    words: List[Word] = []
    options: Dict[str, str] = {}
    args = cmd.args
    i = 0
    while i < len(args):
        v = args[i].value
        if v == "--":
            words.extend(args[i + 1 :])
            break
        if v.startswith("--") and "=" in v:
            name, _, value = v.partition("=")
            options[name] = value
        elif v in with_value:
            if i + 1 < len(args):
                options[v] = args[i + 1].value
            i += 1
        elif v.startswith("-") and len(v) > 1:
            # a cluster like ``-rm`` or ``-u1000``
            if len(v) > 2 and not v.startswith("--") and v[:2] in with_value:
                options[v[:2]] = v[2:]
        else:
            words.append(args[i])
        i += 1
    return words, options


def created_users(analysis: Analysis, stage: Stage) -> List[CreatedUser]:
    """Users the stage's own RUNs create (``useradd``, ``adduser``), in order."""
    out: List[CreatedUser] = []
    for ins, cmd in run_commands(analysis, stage):
        if cmd.name not in ("useradd", "adduser"):
            continue
        words, options = _positionals(cmd, _USERADD_VALUE)
        if not words:
            continue
        if cmd.name == "adduser" and len(words) >= 2 and not any(
            o in options for o in ("-u", "--uid", "--system", "-S", "--ingroup", "--gecos", "-G")
        ) and not cmd.has_option("--system", "-S", "-D", "--disabled-password", "-H", "--no-create-home"):
            continue  # ``adduser app sudo`` adds an existing user to a group
        uid = options.get("-u") or options.get("--uid")
        word = words[0]
        out.append(CreatedUser(word.value, uid, word, cmd, ins, stage))
    return out


def user_matches(user_value: str, created: CreatedUser) -> bool:
    """True when a USER value (``app``, ``app:app``, ``1000``, ``${USER}``) names ``created``."""
    who = _norm(user_value.strip()).split(":", 1)[0]
    return who == _norm(created.name) or (created.uid is not None and who == _norm(created.uid))


def _norm(text: str) -> str:
    return re.sub(r"\$\{(\w+)\}", r"$\1", text.replace('"', "").replace("'", ""))


# programs that run something as another user: seeing the user's name there means it is used
_PRIVILEGE_DROP = {"gosu", "su-exec", "su", "runuser", "setpriv", "chpst", "s6-setuidgid", "setuidgid",
                   "chroot", "sudo", "doas", "start-stop-daemon", "setuser", "exec-as"}
#: account-management commands: a group named ``sudo`` in them is not a run of sudo
_ACCOUNT_TOOLS = {"useradd", "usermod", "adduser", "addgroup", "groupadd", "gpasswd", "deluser"}


def user_used_elsewhere(analysis: Analysis, stages: Sequence[Stage], created: CreatedUser) -> bool:
    """True when ``stages`` switch to the user some other way than USER: a privilege-dropping
    program (``gosu app``, ``su app -c``, ``sudo -u app``) in a RUN, CMD or ENTRYPOINT."""
    name = _norm(created.name)
    for stage in stages:
        for ins in own_instructions(stage):
            if ins.keyword == "RUN":
                for cmd in analysis.commands(ins):
                    if cmd.name in _ACCOUNT_TOOLS:
                        continue  # ``useradd -G sudo app`` names a group, runs nothing
                    words = [w.value for w in cmd.words]
                    if any(w.rsplit("/", 1)[-1] in _PRIVILEGE_DROP for w in words) and any(
                        name in _norm(w).split(":") or name in _norm(w).split("=") for w in words
                    ):
                        return True
            elif ins.keyword in ("CMD", "ENTRYPOINT"):
                values = command_words(ins)
                if any(v.rsplit("/", 1)[-1] in _PRIVILEGE_DROP for v in values) and any(
                    name in _norm(v).split(":") for v in values
                ):
                    return True
    return False


def installs_or_fetches(analysis: Analysis, instructions: Sequence[Instruction], programs: Set[str]) -> bool:
    """True when the instructions install one of ``programs`` with a package manager, download
    it (``curl``/``wget`` of ``.../gosu-amd64``) or copy it in (``COPY gosu /usr/local/bin/``)."""
    for ins in instructions:
        if ins.keyword == "RUN":
            for cmd in analysis.commands(ins):
                action = package_action(cmd, ins)
                if action is not None and action.action == "install":
                    if any(package_name(w) in programs for w in action.packages):
                        return True
                elif cmd.name in ("curl", "wget") and any(program_basename(w.value) in programs for w in cmd.args):
                    return True
        elif ins.keyword in ("COPY", "ADD") and any(program_basename(t.value) in programs for t in ins.args):
            return True
    return False


def program_basename(value: str) -> str:
    """``/usr/local/bin/gosu`` -> ``gosu``; ``gosu-amd64`` -> ``gosu``."""
    base = value.rstrip("/").rsplit("/", 1)[-1].lower()
    return re.sub(r"-(?:amd64|arm64|armhf|armel|i386|ppc64el|s390x|\$\{?\w+\}?)$", "", base)


def command_words(ins: Instruction) -> List[str]:
    """The words of a CMD or ENTRYPOINT: the JSON array, or the shell form split on blanks."""
    return [t.value for t in ins.args] if ins.is_json else ins.rest.text.split()


# -- where to add an instruction at the end of a stage ---------------------------------------

#: instructions that describe how the image runs; a new USER goes before a trailing run of them
TRAILING_METADATA = ("CMD", "ENTRYPOINT", "EXPOSE", "HEALTHCHECK", "STOPSIGNAL", "LABEL")


def end_of_stage_insertion(analysis: Analysis, stage: Stage, lines: Sequence[str]) -> Tuple[Span, str]:
    """An edit position and text that add ``lines`` as instructions at the end of ``stage``:
    before the trailing CMD/ENTRYPOINT/EXPOSE/... block when there is one (where people expect
    USER), else after the stage's last instruction. Uses the document's line breaks."""
    text = analysis.dockerfile.text
    nl = newline_of(text)
    body = stage.body
    k = len(body)
    while k > 0 and body[k - 1].keyword in TRAILING_METADATA:
        k -= 1
    if 0 < k < len(body) or (k == 0 and body):
        ins = body[k]
        at = analysis.dockerfile.lines.line_starts[ins.start_line]
        indent = text[at : ins.keyword_span.start]
        if indent.strip():
            at, indent = ins.keyword_span.start, ""
        return Span(at, at), "".join(f"{line}{nl}{indent}" for line in lines)
    last = stage.instructions[-1]
    at = last.span.end
    return Span(at, at), "".join(f"{nl}{line}" for line in lines)


# -- packages ----------------------------------------------------------------------------------

_APT = {"apt-get", "apt", "aptitude"}
_DNF = {"yum", "dnf", "microdnf", "tdnf"}

_VALUE_OPTIONS = {
    "apt": {"-o", "--option", "-t", "--target-release", "--default-release", "-c", "--config-file"},
    "apk": {"-t", "--virtual", "-X", "--repository", "-p", "--root", "--arch", "--cache-dir",
            "--keys-dir", "--repositories-file"},
    "dnf": {"--enablerepo", "--disablerepo", "-x", "--exclude", "--releasever", "--installroot",
            "--setopt", "-c", "--config", "--repo", "--repoid", "--forcearch"},
    "zypper": {"-t", "--type", "-r", "--repo", "--from", "-p", "--plus-repo"},
}


def manager_family(name: str) -> Optional[str]:
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
    packages: List[Word]
    virtual: Optional[str] = None  # apk --virtual NAME


_INSTALL = {"apt": {"install"}, "apk": {"add"}, "dnf": {"install", "groupinstall", "localinstall"},
            "zypper": {"install", "in"}}
_REMOVE = {"apt": {"purge", "remove"}, "apk": {"del"}, "dnf": {"remove", "erase"},
           "zypper": {"remove", "rm"}}


def package_action(cmd: ShellCommand, ins: Instruction) -> Optional[PackageAction]:
    manager = manager_family(cmd.name)
    if manager is None:
        return None
    words, options = _positionals(cmd, _VALUE_OPTIONS[manager])
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
    return PackageAction(cmd, ins, manager, action, rest, virtual)


def package_name(word: Word) -> str:
    """``gcc=4:12.2.0-3`` / ``gcc~12`` -> ``gcc``; lower case."""
    return re.split(r"[=<>~]", word.value, maxsplit=1)[0].lower()


# -- images --------------------------------------------------------------------------------------


def os_of(image: Optional[ImageRef]):
    """The knowledge's OsFamily for an image, or None (unknown, unresolved, no image)."""
    if image is None or image.unresolved or image.error:
        return None
    from stanzalint.knowledge import os_family

    return os_family(image)


def nonroot_default_user(image: Optional[ImageRef]) -> Optional[str]:
    """The image's default user when the knowledge says it runs as non-root, else None."""
    if image is None or image.unresolved or image.is_scratch:
        return None
    from stanzalint.knowledge import runs_as_nonroot

    return runs_as_nonroot(image)


# -- build environments ------------------------------------------------------------------------

#: official images that are a bare distribution (no application runtime of their own)
DISTRIBUTION_IMAGES = frozenset({
    "debian", "ubuntu", "alpine", "centos", "fedora", "rockylinux", "almalinux", "amazonlinux",
    "oraclelinux", "opensuse/leap", "opensuse/tumbleweed", "archlinux", "busybox", "photon",
    "clearlinux", "mageia", "alt", "sl",
})
#: programs whose presence in CMD/ENTRYPOINT means the container's job is to build something
_BUILD_PROGRAMS = re.compile(
    r"(?<![\w-])(?:make|cmake|ninja|rpmbuild|debuild|dpkg-buildpackage|mvn|gradle|gradlew|"
    r"cargo|go|golangci-lint|gcc|bazel|meson|scons|goreleaser)(?![\w-])"
)

#: an init process in front of the real command (``/sbin/tini -g sh``, ``dumb-init --``)
_INIT_WRAPPER = re.compile(r"^(?:\S*/)?(?:tini|dumb-init|catatonit)(?:\s+-\w+)*(?:\s+--)?\s+")


def is_build_environment(analysis: Analysis, stage: Stage) -> bool:
    """True when the image is evidently a build or CI environment rather than something that
    runs a program: its CMD/ENTRYPOINT runs a build (``rpmbuild``, ``make``, ``go``...), or it
    runs nothing but a shell (or sets neither) and sits on a bare distribution or a toolchain
    image."""
    from stanzalint.knowledge import build_image_info
    from stanzalint.knowledge.names import resolve

    runs = [ins for _, ins in chain_instructions(stage) if ins.keyword in ("CMD", "ENTRYPOINT")]
    shell_only = True
    for ins in runs:
        text = " ".join(command_words(ins))
        if _BUILD_PROGRAMS.search(text):
            return True
        if _INIT_WRAPPER.sub("", text.strip()).rsplit("/", 1)[-1] not in ("bash", "sh", "zsh", "ash"):
            shell_only = False
    if runs and not shell_only:
        return False
    root = stage.named_root_image
    if root is None:
        return False
    name, _ = resolve(root)
    return name in DISTRIBUTION_IMAGES or build_image_info(root) is not None


# -- interactive environments ----------------------------------------------------------------

#: notebook servers, web IDEs and remote desktops: words that install or start one
_INTERACTIVE_WORDS = re.compile(
    r"(?:^|[/'\"=\s])(?:jupyter|jupyterlab|notebook|jupyter-?server|jupyterhub-singleuser|start-notebook(?:\.\w+)?|"
    r"start-singleuser(?:\.\w+)?|code-server|rstudio-server|rserver|novnc|tigervnc-standalone-server)"
    r"(?:[=<>~!].*|[_.-]\d.*|['\"])?$",
    re.IGNORECASE,
)


def is_interactive_environment(analysis: Analysis, stage: Stage) -> bool:
    """True when the image is a workspace people work in: it is built on a Jupyter
    docker-stacks notebook image or a Rocker R image, or it installs or starts a notebook
    server, a web IDE or a remote desktop (``jupyterlab``, ``code-server``, ``rstudio-server``,
    ``novnc``). There users compile at run time (``install.packages()`` builds from source,
    Cython cells, ``pip install`` of sdists), so a compiler is part of the product."""
    from stanzalint.knowledge.names import resolve

    root = stage.root_image
    if root is not None and not root.unresolved and not root.is_scratch:
        name, _ = resolve(root)
        path = name.rsplit("/", 2)
        if name.startswith("rocker/") or (
            len(path) >= 2 and path[-2] == "jupyter"
            and (path[-1].endswith("-notebook") or path[-1] == "docker-stacks-foundation")
        ):
            return True
    for _, ins in chain_instructions(stage):
        if ins.keyword == "RUN":
            for cmd in analysis.commands(ins):
                if any(_INTERACTIVE_WORDS.search(w.value) for w in cmd.args):
                    return True
        elif ins.keyword in ("CMD", "ENTRYPOINT"):
            if any(_INTERACTIVE_WORDS.search(v) for v in " ".join(command_words(ins)).split()):
                return True
    return False
