"""Whether the final stage runs as root (and whether it does so by design), and whether the file
shows that a stage's program can run as an ordinary user.

``root_finding`` is SZ501's finding (SZ502 asks it too): the final stage ends as root, and
nothing in the file says that is the image's job (a build or development environment, a base
for other images, an entrypoint that drops privileges, a server that runs its work as other
users, a Docker client).

SZ501's fix adds ``USER``; that is a promise the image keeps doing its job. The promise holds
only where the Dockerfile shows it: the account is not one a service drops privileges to, the
program is not one that needs root, the places it writes (its working directory, its
volumes, its home) belong to or are writable for that user, and its data is not meant to live
on a mount (a host directory keeps the host's owner, whatever the image does). ``why_user_would_break`` returns
the first reason the file gives against the switch, or None when nothing is against it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Callable, NamedTuple

from stanzalint.analysis.model import Analysis, ShellCommand, Stage
from stanzalint.rules.toolkit.commands import command_words
from stanzalint.rules.toolkit.images import nonroot_default_user, os_of, root_name
from stanzalint.rules.toolkit.packages import installs_or_fetches, programs_brought_in
from stanzalint.rules.toolkit.purpose import (
    LANGUAGE_IMAGES,
    PROGRAMS_LOOKED_FOR,
    base_for_other_images,
    comments_above,
    drops_privileges_at_run_time,
    edits_apache_user,
    installs_editors,
    interpreters_named,
    is_build_environment,
    is_ci_job_environment,
    is_development_environment,
    started_program,
    starts_nothing_of_its_own,
)
from stanzalint.rules.toolkit.run_summaries import run_summary
from stanzalint.rules.toolkit.stages import chain_instructions
from stanzalint.rules.toolkit.users import CreatedUser, created_users, is_root_user, last_user, usable_user
from stanzalint.syntax.model import Instruction, Span, Token

#: programs that need root to do their job, and why
ROOT_PROGRAMS = {
    "dockerd": "dockerd needs root to manage namespaces, cgroups and mounts (the rootless variant runs without it)",
    "sshd": "sshd starts as root to switch to each user who logs in",
    "systemd": "an init system starts as root and runs each service as its configured user",
    "runsvdir": "runit starts as root and runs each service as its configured user",
    "cron": "cron starts as root to run each user's crontab as that user",
    "postfix": "postfix's master starts as root and runs its daemons as the mail user",
    "php-fpm": "php-fpm's master starts as root and runs its pool workers as the pool's `user`",
    "ldconfig": "ldconfig rewrites /etc/ld.so.cache, which only root can write",
    "apt-get": "the container installs packages when it starts, which needs root",
    "service": "an init script started with `service` runs as root to start its daemon",
}
#: programs among them that start as root only to run their workload as other users: the
#: container's work is not done as root
_SWITCHING_PROGRAMS = {"runsvdir", "postfix", "php-fpm"}
#: other names of the same programs (a wrapper script, the BusyBox or Alpine spelling)
_PROGRAM_ALIASES = {
    "dind": "dockerd",
    "init": "systemd",
    "runit": "runsvdir",
    "my_init": "runsvdir",
    "crond": "cron",
    "apt": "apt-get",
    "apk": "apt-get",
    "conda": "apt-get",
    "mamba": "apt-get",
    "pip": "apt-get",  # into the image's site-packages, which root owns
    "pip3": "apt-get",
}
#: the Docker CLI and engine packages: an image that installs one talks to the daemon's socket
_DOCKER_PACKAGES = {"docker", "docker-ce", "docker-ce-cli", "docker-cli", "docker.io"}
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
    analysis: Analysis, stage: Stage, program: str, user: CreatedUser | None, gives_workdir: bool
) -> str | None:
    """The first reason the file gives that the container stops working as ``user`` (an
    account the file creates; None for one the fix would add). ``gives_workdir``: the fix
    itself hands the working directory to the user it creates."""
    checks: tuple[Callable[[], str | None], ...] = (
        lambda: program_needs_root(program),
        lambda: _development_image(stage),
        lambda: uses_docker_socket(analysis, stage),
        lambda: runs_notebook_as_root(stage),
        lambda: services_under_runit(analysis, stage),
        lambda: _drop_account(stage, user, _DROP_ACCOUNT_VARIABLE),
        lambda: _unwritable_places(analysis, stage, user, gives_workdir),
        lambda: data_on_a_mount(analysis, stage, user),
        lambda: binds_privileged_port(analysis, stage),
    )
    return next((why for why in (check() for check in checks) if why is not None), None)


def canonical_program(program: str) -> str:
    """The program behind a name: ``dockerd-entrypoint.sh`` -> ``dockerd``, ``crond`` -> ``cron``."""
    name = re.sub(r"-entrypoint(?:\.sh)?$", "", program)
    name = re.sub(r"^php-?fpm[\d.]*$", "php-fpm", name)  # php-fpm82, php-fpm8.2
    return _PROGRAM_ALIASES.get(name, name)


def program_needs_root(program: str) -> str | None:
    """Why ``program`` (a basename) needs root to do its job, or None."""
    return ROOT_PROGRAMS.get(canonical_program(program))


def program_switches_users(program: str) -> str | None:
    """How ``program`` (a basename) runs its workload as other users after starting as root
    (runit, postfix, php-fpm), or None."""
    name = canonical_program(program)
    return ROOT_PROGRAMS[name] if name in _SWITCHING_PROGRAMS else None


def _development_image(stage: Stage) -> str | None:
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


def uses_docker_socket(analysis: Analysis, stage: Stage) -> str | None:
    """Why the container is a Docker client, or None: the file names the daemon's socket
    (``docker.sock``) or the build installs the Docker CLI or engine. A program that only can
    talk to the daemon (a proxy with a Docker provider) is not one unless the file says so."""
    instructions = [ins for _, ins in chain_instructions(stage)]
    mentions = any("docker.sock" in t.value for ins in instructions for t in ins.args)
    if mentions or installs_or_fetches(analysis, instructions, _DOCKER_PACKAGES):
        return "the container talks to the Docker daemon through its socket, which only root and the host's docker group can open"
    return None


def runs_notebook_as_root(stage: Stage) -> str | None:
    """Why the container runs as root on purpose when its command runs a Jupyter server with
    ``--allow-root``: the author says so, and its users install packages at run time."""
    commands = [
        w for _, ins in chain_instructions(stage) if ins.keyword in ("CMD", "ENTRYPOINT") for w in command_words(ins)
    ]
    if any(_ALLOW_ROOT.search(w) for w in commands):
        return "the notebook server runs with `--allow-root`: its users install packages as root at run time"
    return None


#: options that set the port a server listens on (``-p 80``, ``--port=80``, ``--bind 0.0.0.0:80``)
_PORT_OPTION = re.compile(r"^(?:-p|--port|-b|--bind|--listen)(?:=(.+))?$")
#: an ENV that sets the port the program listens on (``PORT``, ``HTTP_PORT``)
_PORT_VARIABLE = re.compile(r"^(?:\w+_)?PORT$")


def binds_privileged_port(analysis: Analysis, stage: Stage) -> str | None:
    """Why the program binds a port below 1024, which runtimes that keep the privileged-port
    limit refuse to an ordinary user, or None: an ``EXPOSE``, a ``PORT`` setting or a
    ``--port``/``--bind`` option of the command names such a port."""
    ports: list[str] = []
    for _, ins in chain_instructions(stage):
        if ins.keyword == "EXPOSE":
            ports += [analysis.resolve(t.value, ins)[0].split("/", 1)[0] for t in ins.args]
        elif ins.keyword == "ENV":
            ports += [value for name, value in _env_pairs(ins.args) if _PORT_VARIABLE.match(name)]
        elif ins.keyword in ("CMD", "ENTRYPOINT"):
            words = [p for w in command_words(ins) for p in w.split()]
            for i, word in enumerate(words):
                option = _PORT_OPTION.match(word)
                if option:
                    value = option.group(1) or (words[i + 1] if i + 1 < len(words) else "")
                    ports.append(value.rsplit(":", 1)[-1])
    low = next((p for p in ports if p.isdigit() and 0 < int(p) < 1024), None)
    if low is None:
        return None
    return (
        f"the program listens on port {low}, which runtimes that keep the privileged-port limit refuse to "
        "a non-root user: move it to a port above 1023 first"
    )


def services_under_runit(analysis: Analysis, stage: Stage) -> str | None:
    """runit's configured services (a RUN that writes ``/etc/sv/...``) and what runit does."""
    for _, ins in chain_instructions(stage):
        if ins.keyword == "RUN" and run_summary(analysis, ins, names_runit_services):
            return ROOT_PROGRAMS["runsvdir"]
    return None


def names_runit_services(commands: list[ShellCommand]) -> bool:
    """Whether a RUN's commands name a path under runit's ``/etc/sv/``."""
    return any(w.value.startswith("/etc/sv/") for c in commands for w in c.args)


def service_account(stage: Stage, user: CreatedUser | None) -> str | None:
    """Why ``user`` is the account a particular service runs as after starting as root (an ENV
    named after the service names it: ``DNSMASQ_USER``, ``APACHE_RUN_USER``), or None."""
    return _drop_account(stage, user, _SERVICE_ACCOUNT_VARIABLE)


def _drop_account(stage: Stage, user: CreatedUser | None, variable: re.Pattern[str]) -> str | None:
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


def _env_pairs(args: Sequence[Token]) -> list[tuple[str, str]]:
    values = [t.value for t in args]
    if values and "=" not in values[0]:
        return [(values[0], " ".join(values[1:]))]
    return [(name, value) for name, _, value in (v.partition("=") for v in values if "=" in v)]


def working_directory(analysis: Analysis, stage: Stage) -> str:
    """The container's working directory: the last WORKDIR (relative ones joined), else ``/``."""
    workdir = "/"
    for _, ins in chain_instructions(stage):
        if ins.keyword == "WORKDIR" and ins.args:
            workdir = _join(workdir, analysis.resolve(ins.args[0].value, ins)[0])
    return workdir


def _unwritable_places(analysis: Analysis, stage: Stage, user: CreatedUser | None, gives_workdir: bool) -> str | None:
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


def data_on_a_mount(analysis: Analysis, stage: Stage, user: CreatedUser | None) -> str | None:
    """Why the file shows the program keeps its data on a mounted directory, or None: a VOLUME
    (other than ``/tmp``), a setting that names its data directory (``XDG_DATA_HOME=/data``),
    settings of a program that downloads models at run time (``HF_HOME``), or a working
    directory the build puts nothing in (there for data: ``WORKDIR /meili_data``; an account's
    own home is not). A host directory
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
            if sets_up_more_than_directories(analysis.commands(ins)):
                return True
    return False


def sets_up_more_than_directories(commands: list[ShellCommand]) -> bool:
    """True when some of a RUN's ``commands`` do more than set up a directory (``mkdir``,
    ``chown``, ``chmod``...), so may fill the directory the RUN runs in."""
    return any(cmd.name not in _DIRECTORY_SETUP for cmd in commands)


def _join(current: str, path: str) -> str:
    if path.startswith("/"):
        return path
    return current.rstrip("/") + "/" + path


def _is_volume(place: str, volumes: list[str]) -> bool:
    return any(place.rstrip("/") == v.rstrip("/") or place.startswith(v.rstrip("/") + "/") for v in volumes)


def _volume_paths(ins: Instruction) -> list[str]:
    text = " ".join(t.value for t in ins.args)
    return [p for p in re.split(r"[\s,\[\]\"']+", text) if p.startswith("/")]


def _made_writable(analysis: Analysis, stage: Stage, place: str, user: CreatedUser | None) -> bool:
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


def created_home(user: CreatedUser) -> str | None:
    """The home directory ``useradd -m``/``adduser`` creates for the user (owned by it)."""
    values = [w.value for w in user.command.args]
    if user.command.name == "useradd" and not any(
        v in ("-m", "--create-home") or re.match(r"^-\w*m", v) for v in values
    ):
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


def _spellings(user: CreatedUser) -> set[str]:
    """How the file may write the user: its name (``$VAR`` or ``${VAR}``) or its uid."""
    names = {user.name.strip("\"'")} | ({user.uid} if user.uid else set())
    return names | {n.replace("${", "$").replace("}", "") for n in names}


def root_finding(analysis: Analysis, path: str | None = None) -> tuple[Span, str, object] | None:
    """(span, message, OS family) when the final stage ends as root, else None."""
    final = analysis.final_stage
    if final is None:
        return None
    root = final.root_image
    if root is None or root.unresolved:
        return None
    if is_build_environment(analysis, final) or is_development_environment(final) or _runs_no_command(final):
        return None
    runs = any(ins.keyword in ("CMD", "ENTRYPOINT") for _, ins in chain_instructions(final))
    if root.is_scratch and not runs:
        return None  # a carrier of files for ``COPY --from``, not something that runs
    user_ins = last_user(final)
    if user_ins is not None:
        message = _root_user_message(analysis, final, user_ins)
        if message is None:
            return None
        span = user_ins.args[0].span
    elif nonroot_default_user(root) is not None:
        return None
    elif base_for_other_images(analysis, final) or drops_privileges_at_run_time(analysis, final):
        return None  # images built on it need root / the entrypoint switches user itself
    elif is_ci_job_environment(analysis, final):
        return None  # CI steps create their account and call sudo
    elif starts_nothing_of_its_own(final) or installs_editors(analysis, final):
        return None  # a base, a workspace started with a shell, a test rig
    elif root_by_design(analysis, final) is not None:
        return None
    else:
        message = f"The final stage never sets USER: containers from this image run as root (base `{root.resolved}`)"
        span = final.from_instruction.line_span
    family = os_of(root)  # asked last: the knowledge's lookup costs more than the questions above
    if family is not None and family.os == "windows" or family is None and looks_windows(root.resolved, path):
        return None
    return span, message, family


def _root_user_message(analysis: Analysis, stage: Stage, user_ins: Instruction) -> str | None:
    """The message for a last ``USER`` that is root, or None when it is not root or is a
    decision the author wrote down: a literal ``USER root``/``0`` with a comment above it, or
    one that does not switch back from an earlier non-root ``USER`` (DL3002 still reports it)."""
    written = user_ins.args[0].value
    value, known = analysis.resolve(written, user_ins)
    if not known or not is_root_user(value):
        return None
    if "$" in written:
        return f"USER is `{value}` here unless the build overrides it, so the container runs as root"
    earlier = [
        ins for _, ins in chain_instructions(stage) if ins.keyword == "USER" and ins.args and ins is not user_ins
    ]
    switched_away = any(not is_root_user(analysis.resolve(ins.args[0].value, ins)[0]) for ins in earlier)
    if not switched_away or comments_above(analysis, user_ins):
        return None
    return "The final stage switches back to root here, so the container runs as root"


#: servers whose master process starts as root and runs its workers or programs as another user
_PRIVILEGE_DROPPING_SERVERS = {
    "nginx": "nginx's master runs its workers as the `user` of nginx.conf",
    "openresty": "nginx's master runs its workers as the `user` of nginx.conf",
    "supervisord": "supervisord starts each program as the `user` of its configuration",
}


#: how Apache runs its workload
_APACHE_CHILDREN = "Apache's children run as the `User` of its configuration (`APACHE_RUN_USER`, httpd.conf)"


#: what a multi-user hub needs root for
_HUB = "JupyterHub logs the image's local users in and starts their servers as them, which needs root"


#: language image variants that start a server of their own (``php:8.3-apache``, ``php:8.3-fpm``)
_SERVER_VARIANT = re.compile(r"(?:^|-)(?:apache|fpm)(?:-|$)")


def root_by_design(analysis: Analysis, stage: Stage) -> str | None:
    """Why the container starts as root on purpose, or None: its program needs root for its
    job (``dockerd``), it is a Docker client (the daemon's socket is root's and the host's
    docker group's), its Jupyter server is started with ``--allow-root``, it is a server that
    runs its workload as other users itself (``privilege_dropping_server``), or a JupyterHub
    that logs in the local users the stage creates."""
    program = started_program(stage)
    if canonical_program(program) == "dockerd":
        return program_needs_root(program)
    client = uses_docker_socket(analysis, stage) or runs_notebook_as_root(stage)
    if client is not None:
        return client
    server = privilege_dropping_server(analysis, stage) or service_account(stage, usable_user(analysis, stage))
    if server is not None:
        return server
    if program == "jupyterhub" and any(created_users(analysis, s) for s in stage.chain):
        return _HUB
    return None


def privilege_dropping_server(analysis: Analysis, stage: Stage) -> str | None:
    """How the container's server runs its workload as other users, or None: nginx, Apache
    (by command, or an ``httpd``/``php:*-apache`` base when the stage starts nothing else),
    php-fpm (also a ``php:*-fpm`` base), supervisord, postfix, or runit (by command, or
    services the file configures under ``/etc/sv``)."""
    program = started_program(stage)
    if runs_apache(stage):
        return _APACHE_CHILDREN
    if program in _PRIVILEGE_DROPPING_SERVERS:
        return _PRIVILEGE_DROPPING_SERVERS[program]
    switching = program_switches_users(program) or services_under_runit(analysis, stage)
    if switching is not None:
        return switching
    return None if program else _server_of_base(stage)


def _server_of_base(stage: Stage) -> str | None:
    """The privilege-dropping server a base image starts (nginx, ``php:*-fpm``) when the stage
    starts nothing of its own, or None."""
    name, tag = root_name(stage)
    if not name:
        return None
    if name == "php" and "fpm" in (tag or "").split("-"):
        return program_switches_users("php-fpm")
    return _PRIVILEGE_DROPPING_SERVERS.get(name.rsplit("/", 1)[-1])


def runs_apache(stage: Stage) -> bool:
    """The container starts Apache: by command, or on an ``httpd`` or ``php:*-apache`` base
    when the stage starts nothing of its own."""
    program = started_program(stage)
    if program:
        return program in _APACHE_COMMANDS
    name, tag = root_name(stage)
    return name == "httpd" or name == "php" and "apache" in (tag or "").split("-")


def _runs_no_command(stage: Stage) -> bool:
    """A build environment: the stage sits on a language image, copies the project's whole
    tree into it and sets no CMD or ENTRYPOINT, so it is run with a build command
    (``yarn build``), not as a service."""
    name, tag = root_name(stage)
    if name not in LANGUAGE_IMAGES or _SERVER_VARIANT.search(tag or ""):
        return False  # asked first: it reads no instruction
    instructions = [ins for _, ins in chain_instructions(stage)]
    if any(ins.keyword in ("CMD", "ENTRYPOINT") for ins in instructions):
        return False
    return any(_copies_the_context(ins) for ins in instructions)


def _copies_the_context(ins: Instruction) -> bool:
    """``COPY . <dir>``: the project's tree, not a file or a stage's output."""
    sources = [t.value for t in ins.args[:-1]]
    return ins.keyword in ("COPY", "ADD") and not ins.flags_named("from") and any(v in (".", "./") for v in sources)


_APACHE_COMMANDS = {"apache2-foreground", "httpd-foreground", "apache2ctl", "apachectl", "httpd", "apache2"}


def looks_windows(image: str, path: str | None) -> bool:
    """A Windows image the knowledge does not list (``.../dotnet/framework/...``, ``nanoserver``),
    or a Dockerfile named for Windows: USER means something else there."""
    words = ("windows", "nanoserver", "servercore", "dotnet/framework")
    name = os.path.basename(path).lower() if path else ""
    return any(w in image.lower() for w in words) or "windows" in name


# -- what root_finding reads of a RUN -------------------------------------------------------------


class RootFindingReads(NamedTuple):
    """What ``root_finding`` reads of one RUN besides the words of ``useradd`` and ``adduser``
    (``users.users_created_by``): a stage rule that asks it holds this in its summary of each
    RUN (``reads_runs``) and declares those two commands (``reads_commands``)."""

    brought: tuple[str, ...]  # the programs it looks for that the RUN installs or downloads (sorted)
    interpreters: tuple[str, ...]  # the interpreters its words name (``purpose.interpreters_named``, sorted)
    apache_user: bool  # it sets Apache's ``User`` (``purpose.edits_apache_user``)
    runit_services: bool  # it names runit's services (``names_runit_services``)
    docker_socket: bool  # its arguments name the Docker daemon's socket (``uses_docker_socket``)


#: the programs whose installation or download ``root_finding`` looks for
_ROOT_PROGRAMS_LOOKED_FOR = PROGRAMS_LOOKED_FOR | _DOCKER_PACKAGES


def root_finding_reads(commands: list[ShellCommand]) -> RootFindingReads:
    """The ``RootFindingReads`` of a RUN's ``commands``. Whether its arguments name the Docker
    socket is read off the RUN the commands come from (a RUN without commands is whole in the
    key already): its text, which decides the commands too, holds the redirections and comments
    they leave out."""
    return RootFindingReads(
        tuple(sorted(programs_brought_in(commands, _ROOT_PROGRAMS_LOOKED_FOR))),
        tuple(sorted(interpreters_named(commands))),
        edits_apache_user(commands),
        names_runit_services(commands),
        bool(commands) and any("docker.sock" in t.value for t in commands[0].instruction.args),
    )
