"""Whether the file shows that a stage's program can run as an ordinary user.

SZ501's fix adds ``USER``; that is a promise the image keeps doing its job. The promise holds
only where the Dockerfile shows it: the account is not one a service drops privileges to, the
program is not one that needs root, the places it writes (its working directory, its
volumes, its home) belong to or are writable for that user, and its data is not meant to live
on a mount (a host directory keeps the host's owner, whatever the image does). ``why_user_would_break`` returns
the first reason the file gives against the switch, or None when nothing is against it.
"""

from __future__ import annotations

import re
from typing import List, Optional, Set

from stanzalint.analysis.model import Analysis, Stage
from stanzalint.rules._stage_helpers import CreatedUser, chain_instructions, command_words, installs_or_fetches

#: programs that need root to do their job, and why
ROOT_PROGRAMS = {
    "dockerd": "dockerd needs root to manage namespaces, cgroups and mounts (the rootless variant "
    "runs without it)",
    "sshd": "sshd starts as root to switch to each user who logs in",
    "systemd": "an init system starts as root and runs each service as its configured user",
    "runsvdir": "runit starts as root and runs each service as its configured user",
    "cron": "cron starts as root to run each user's crontab as that user",
    "postfix": "postfix's master starts as root and runs its daemons as the mail user",
    "php-fpm": "php-fpm's master starts as root and runs its pool workers as the pool's `user`",
    "ldconfig": "ldconfig rewrites /etc/ld.so.cache, which only root can write",
    "apt-get": "the container installs packages when it starts, which needs root",
}
#: programs among them that start as root only to run their workload as other users: the
#: container's work is not done as root
_SWITCHING_PROGRAMS = {"runsvdir", "postfix", "php-fpm"}
#: other names of the same programs (a wrapper script, the BusyBox or Alpine spelling)
_PROGRAM_ALIASES = {
    "dind": "dockerd", "init": "systemd", "runit": "runsvdir", "my_init": "runsvdir", "crond": "cron",
    "apt": "apt-get", "apk": "apt-get", "conda": "apt-get", "mamba": "apt-get",
}
#: programs that talk to the Docker daemon through its socket (root:docker 0660)
_DOCKER_CLIENTS = {"docker", "docker-ce-cli", "docker-cli", "docker.io", "traefik", "repo2docker", "watchtower"}
#: an ENV whose name says it names the account a service drops to (``APACHE_RUN_USER``)
_DROP_ACCOUNT_VARIABLE = re.compile(r"USER$|_USER_?NAME$", re.IGNORECASE)
#: one named after the service itself (``DNSMASQ_USER``), not a generic ``APP_USER`` or ``USER``
_SERVICE_ACCOUNT_VARIABLE = re.compile(
    r"^(?!(?:APP|APPLICATION|CONTAINER|DOCKER|DEFAULT|IMAGE|LOCAL|HOST|MY|NEW|BUILD|CI|RUN)_)"
    r"[A-Z][A-Z0-9]*_(?:RUN_)?USER(?:_?NAME)?$"
)
#: settings of programs that download models at run time into a cache users mount from the host
_MODEL_CACHE_VARIABLE = re.compile(r"^(?:HF_\w+|HUGGINGFACE_\w+|TRANSFORMERS_CACHE|TORCH_HOME|OLLAMA_MODELS)$")
#: a setting that names the program's data directory (``XDG_DATA_HOME=/data``, ``APP_DATA_DIR``)
_DATA_DIRECTORY_VARIABLE = re.compile(r"^(?:XDG_(?:DATA|CONFIG|STATE)_HOME|\w*_DATA_?(?:DIR|HOME|PATH))$")
#: commands that only set up a directory; a RUN of nothing else puts no files in it
_DIRECTORY_SETUP = {"chown", "chmod", "chgrp", "mkdir", "true", ":"}
#: a Jupyter server told to run as root (``--allow-root``, ``ServerApp.allow_root=True``)
_ALLOW_ROOT = re.compile(r"--allow-root|allow_root\s*=\s*True")
#: why a chown cannot help a mount
_HOST_OWNER = "a host directory mounted there keeps the host's owner, which no chown in the image changes"
#: chmod modes that let any user write
_WORLD_WRITABLE = re.compile(r"^(?:[0-7]?[0-7]{2}[2367]|(?:[ugo]*[ao][ugo]*)?\+[rwxXst]*w[rwxXst]*)$")


def why_user_would_break(
    analysis: Analysis, stage: Stage, program: str, user: Optional[CreatedUser], gives_workdir: bool
) -> Optional[str]:
    """The first reason the file gives that the container stops working as ``user`` (an
    account the file creates; None for one the fix would add). ``gives_workdir``: the fix
    itself hands the working directory to the user it creates."""
    checks = (
        lambda: program_needs_root(program),
        lambda: _development_image(stage),
        lambda: uses_docker_socket(analysis, stage),
        lambda: services_under_runit(analysis, stage),
        lambda: _drop_account(stage, user, _DROP_ACCOUNT_VARIABLE),
        lambda: _unwritable_places(analysis, stage, user, gives_workdir),
        lambda: data_on_a_mount(analysis, stage, user),
    )
    return next((why for why in (check() for check in checks) if why is not None), None)


def canonical_program(program: str) -> str:
    """The program behind a name: ``dockerd-entrypoint.sh`` -> ``dockerd``, ``crond`` -> ``cron``."""
    name = re.sub(r"-entrypoint(?:\.sh)?$", "", program)
    name = re.sub(r"^php-?fpm[\d.]*$", "php-fpm", name)  # php-fpm82, php-fpm8.2
    return _PROGRAM_ALIASES.get(name, name)


def program_needs_root(program: str) -> Optional[str]:
    """Why ``program`` (a basename) needs root to do its job, or None."""
    return ROOT_PROGRAMS.get(canonical_program(program))


def program_switches_users(program: str) -> Optional[str]:
    """How ``program`` (a basename) runs its workload as other users after starting as root
    (runit, postfix, php-fpm), or None."""
    name = canonical_program(program)
    return ROOT_PROGRAMS[name] if name in _SWITCHING_PROGRAMS else None


def _development_image(stage: Stage) -> Optional[str]:
    """A ``devel`` base (``tensorflow/tensorflow:nightly-devel``): people build in its
    root-owned source tree and toolchain."""
    from stanzalint.knowledge.names import resolve

    root = stage.named_root_image
    if root is None:
        return None
    tag = resolve(root)[1] or ""
    if "devel" in re.split(r"[-_.]", tag):
        return f"`{root.resolved}` is a development image: builds run in its root-owned source tree and toolchain"
    return None


def uses_docker_socket(analysis: Analysis, stage: Stage) -> Optional[str]:
    """Why the container is a Docker client (it mentions ``docker.sock``, installs the Docker
    CLI, or starts ``docker``, ``repo2docker``, ``traefik``...), or None."""
    instructions = [ins for _, ins in chain_instructions(stage)]
    mentions = any("docker.sock" in t.value for ins in instructions for t in ins.args)
    started = any(
        w.rsplit("/", 1)[-1] in _DOCKER_CLIENTS
        for ins in instructions if ins.keyword in ("CMD", "ENTRYPOINT") for w in command_words(ins)[:1]
    )
    if mentions or started or installs_or_fetches(analysis, instructions, _DOCKER_CLIENTS):
        return "the container talks to the Docker daemon through its socket, which only root and the host's docker group can open"
    return None


def services_under_runit(analysis: Analysis, stage: Stage) -> Optional[str]:
    """runit's configured services (a RUN that writes ``/etc/sv/...``) and what runit does."""
    for _, ins in chain_instructions(stage):
        if ins.keyword == "RUN" and any(w.value.startswith("/etc/sv/") for c in analysis.commands(ins) for w in c.args):
            return ROOT_PROGRAMS["runsvdir"]
    return None


def service_account(stage: Stage, user: Optional[CreatedUser]) -> Optional[str]:
    """Why ``user`` is the account a particular service runs as after starting as root (an ENV
    named after the service names it: ``DNSMASQ_USER``, ``APACHE_RUN_USER``), or None."""
    return _drop_account(stage, user, _SERVICE_ACCOUNT_VARIABLE)


def _drop_account(stage: Stage, user: Optional[CreatedUser], variable: re.Pattern) -> Optional[str]:
    """``user`` is named by an ENV whose name matches ``variable`` (``DNSMASQ_USER``,
    ``APACHE_RUN_USER``): the account a service switches to, not the one it starts as."""
    if user is None:
        return None
    for _, ins in chain_instructions(stage):
        if ins.keyword != "ENV":
            continue
        for name, value in _env_pairs(ins.args):
            if variable.search(name) and (value in _spellings(user) or f"${name}" in _spellings(user)):
                return f"`{user.name}` is the account a service drops to (`{name}`), not one it starts as"
    return None


def _env_pairs(args) -> List[tuple]:
    values = [t.value for t in args]
    if values and "=" not in values[0]:
        return [(values[0], " ".join(values[1:]))]
    return [tuple(v.split("=", 1)) for v in values if "=" in v]


def working_directory(analysis: Analysis, stage: Stage) -> str:
    """The container's working directory: the last WORKDIR (relative ones joined), else ``/``."""
    workdir = "/"
    for _, ins in chain_instructions(stage):
        if ins.keyword == "WORKDIR" and ins.args:
            workdir = _join(workdir, analysis.resolve(ins.args[0].value, ins)[0])
    return workdir


def _unwritable_places(
    analysis: Analysis, stage: Stage, user: Optional[CreatedUser], gives_workdir: bool
) -> Optional[str]:
    """A place the program writes that stays root's: the working directory (``/`` without a
    WORKDIR), a VOLUME, or the home directory on ``scratch`` (``/``: there is no user
    database). A working directory the fix gives to the user it creates counts as writable
    unless it is a volume (changes to a volume after VOLUME may be discarded)."""
    root = stage.root_image
    if root is not None and root.is_scratch:
        return "on scratch there is no user database, so the user's home is `/`, which only root can write"
    workdir = working_directory(analysis, stage)
    volumes = [p for _, ins in chain_instructions(stage) if ins.keyword == "VOLUME" for p in _volume_paths(ins)]
    if workdir == "/":
        return "the working directory is `/`, which only root can write"
    for place in [workdir] + volumes:
        if place.rstrip("/") in ("/tmp", "/var/tmp"):
            continue
        if gives_workdir and place == workdir and not _is_volume(place, volumes):
            continue
        if not _made_writable(analysis, stage, place, user):
            kind = "the working directory" if place == workdir else "the volume"
            return f"{kind} `{place}` is owned by root and nothing in the file lets the user write there"
    return None


def data_on_a_mount(analysis: Analysis, stage: Stage, user: Optional[CreatedUser]) -> Optional[str]:
    """Why the file shows the program keeps its data on a mounted directory, or None: a VOLUME
    (other than ``/tmp``), a setting that names its data directory (``XDG_DATA_HOME=/data``),
    settings of a program that downloads models at run time (``HF_HOME``), a working directory
    the build puts nothing in (there for data: ``WORKDIR /meili_data``; an account's own home is
    not), or a notebook server run with ``--allow-root``. A host directory
    mounted there keeps the host's owner, so a user the image picks may not write it."""
    instructions = [ins for _, ins in chain_instructions(stage)]
    volumes = [p for ins in instructions if ins.keyword == "VOLUME" for p in _volume_paths(ins)]
    volume = next((v for v in volumes if v.rstrip("/") not in ("/tmp", "/var/tmp")), None)
    if volume is not None:
        return f"`{volume}` is a VOLUME, meant to be mounted: {_HOST_OWNER}"
    for name, value in (pair for ins in instructions if ins.keyword == "ENV" for pair in _env_pairs(ins.args)):
        if _DATA_DIRECTORY_VARIABLE.match(name) and value.startswith("/"):
            return f"`{name}` puts the program's data in `{value}`, which users mount: {_HOST_OWNER}"
        if _MODEL_CACHE_VARIABLE.match(name):
            return f"the container downloads models (`{name}`), which users keep on a mounted directory: {_HOST_OWNER}"
    workdir = working_directory(analysis, stage)
    home = created_home(user) if user is not None else None
    if workdir.rstrip("/") != home and not _filled_by_the_build(analysis, stage, workdir):
        return f"the build puts nothing in the working directory `{workdir}`: it is there for data, and {_HOST_OWNER}"
    commands = [w for ins in instructions if ins.keyword in ("CMD", "ENTRYPOINT") for w in command_words(ins)]
    if any(_ALLOW_ROOT.search(w) for w in commands):
        return (
            "the notebook server runs with `--allow-root`: its users install packages as root at run time and "
            "keep their notebooks on a mounted host directory, whose owner no chown in the image changes"
        )
    return None


def _filled_by_the_build(analysis: Analysis, stage: Stage, workdir: str) -> bool:
    """A COPY or ADD puts files in ``workdir`` (or below), or a RUN other than directory set-up
    (``mkdir``, ``chown``, ``chmod``) runs there."""
    current = "/"
    for _, ins in chain_instructions(stage):
        if ins.keyword == "WORKDIR" and ins.args:
            current = _join(current, analysis.resolve(ins.args[0].value, ins)[0])
        elif ins.keyword in ("COPY", "ADD") and len(ins.args) >= 2:
            target = _join(current, analysis.resolve(ins.args[-1].value, ins)[0])
            if _covers(workdir, target, recursive=True):
                return True
        elif ins.keyword == "RUN" and _covers(workdir, current, recursive=True):
            if any(cmd.name not in _DIRECTORY_SETUP for cmd in analysis.commands(ins)):
                return True
    return False


def _join(current: str, path: str) -> str:
    if path.startswith("/"):
        return path
    return current.rstrip("/") + "/" + path


def _is_volume(place: str, volumes: List[str]) -> bool:
    return any(place.rstrip("/") == v.rstrip("/") or place.startswith(v.rstrip("/") + "/") for v in volumes)


def _volume_paths(ins) -> List[str]:
    text = " ".join(t.value for t in ins.args)
    return [p for p in re.split(r"[\s,\[\]\"']+", text) if p.startswith("/")]


def _made_writable(analysis: Analysis, stage: Stage, place: str, user: Optional[CreatedUser]) -> bool:
    """``place`` is ``user``'s home, or a RUN gives it (or, recursively, a directory above it)
    to ``user`` with ``chown`` or opens it to everyone with ``chmod``."""
    if user is not None and place.rstrip("/") == created_home(user):
        return True
    for _, ins in chain_instructions(stage):
        if ins.keyword != "RUN":
            continue
        for cmd in analysis.commands(ins):
            values = [analysis.resolve(w.value, ins)[0] for w in cmd.args]
            recursive = any(v in ("-R", "--recursive") or re.match(r"^-\w*R", v) for v in values)
            paths = [v for v in values if v.startswith("/")]
            if not any(_covers(p, place, recursive) for p in paths):
                continue
            if cmd.name == "chmod" and any(_WORLD_WRITABLE.match(v) for v in values if not v.startswith(("/", "-"))):
                return True
            if cmd.name == "chown" and user is not None and any(_owner_is(v, user) for v in values):
                return True
    return False


def created_home(user: CreatedUser) -> Optional[str]:
    """The home directory ``useradd -m``/``adduser`` creates for the user (owned by it)."""
    values = [w.value for w in user.command.args]
    if user.command.name == "useradd" and not any(v in ("-m", "--create-home") or re.match(r"^-\w*m", v) for v in values):
        return None
    if user.command.name == "adduser" and any(v in ("-H", "--no-create-home") for v in values):
        return None
    for i, v in enumerate(values[:-1]):
        if v in ("-d", "--home-dir", "--home", "-h"):
            return values[i + 1].rstrip("/")
    return f"/home/{user.name}"


def _covers(path: str, place: str, recursive: bool) -> bool:
    path, place = path.rstrip("/") or "/", place.rstrip("/") or "/"
    return path == place or recursive and place.startswith(path + "/")


def _owner_is(spec: str, user: CreatedUser) -> bool:
    return spec.split(":", 1)[0] in _spellings(user)


def _spellings(user: CreatedUser) -> Set[str]:
    """How the file may write the user: its name (``$VAR`` or ``${VAR}``) or its uid."""
    names = {user.name.strip("\"'")} | ({user.uid} if user.uid else set())
    return names | {n.replace("${", "$").replace("}", "") for n in names}
