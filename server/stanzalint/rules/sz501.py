"""
## What it does
Flags a final stage that leaves the image running as root: it never sets `USER`, or the last
`USER` it sets (directly or in a stage it is built on with `FROM <stage>`) is `root` or `0`.
A base image known to run as a non-root user (`gcr.io/distroless/*:nonroot`, Jupyter, Bitnami
application images, `jenkins/jenkins`...) is not flagged when the stage does not switch back to
root.

A final stage that never sets `USER` is also left alone when running as root is its purpose:

- an image built for others to build on: it has `ONBUILD` triggers, a `LABEL` or the comment
  above its `FROM` calls it a base image, or it sits on a bare distribution (or
  `buildpack-deps`, UBI) and starts only a shell or an interpreter's REPL (`node`, `python3`,
  `jshell`, `R`, `php -a`; after an entrypoint script or `tini`), the shape of the official
  language images; or, whatever its base is called (a mirrored `alpine`, `posit/r-base`), it
  installs an interpreter its base does not bring (its build steps name it: `ln -s
  .../bin/R /usr/bin/R`) and starts only its REPL (`pwsh`, `R`): a language runtime image. A command that only prints a greeting (`deno eval "console.log('Welcome to
  Deno!')"`, `python -c "print('hello')"`) counts as the REPL: the image is run with a
  command of one's own. The images built on it run `apt-get install` and their `ONBUILD` steps as
  root and set their own `USER`; a `USER` here would break every one of them. A REPL on a
  language image (`python`, `mcr.microsoft.com/powershell`) is the base's own and the image
  added something else to it: that is still reported;
- an image that drops privileges itself: its base is known to (`postgres`, `redis`, `mongo`,
  `mysql`, `mariadb`: the entrypoint re-executes as the service's user with `gosu`; `httpd`:
  the children run as httpd.conf's `User`; the linuxserver.io base images), it installs,
  downloads or copies `gosu`/`su-exec` for its entrypoint, it sets Apache's `User` (a `sed` on
  or `COPY` of `httpd.conf`), or its command is (or ends by starting) s6-overlay's `/init`,
  which starts each service as its own user, also when inherited from a Rocker RStudio or
  Shiny image;
- a server that runs its workload as other users itself, so the work is not done as root:
  nginx (the master runs its workers as nginx.conf's `user`), Apache (`httpd`,
  `apache2-foreground`: its children run as the configured `User`, `APACHE_RUN_USER`),
  php-fpm (its pool workers run as the pool's `user`), postfix, supervisord (each program as
  its configured `user`) and runit (`runsvdir`, `my_init`, services set up under `/etc/sv/`).
  A base's server (`nginx`, `httpd`, `php:*-apache`, `php:*-fpm`) counts only when the stage
  starts no program of its own. `sshd`, cron and systemd are still reported, with no fix:
  logins as root, `/etc/crontab` jobs and units without `User=` run as root;
- a service that starts as root and runs as the account the stage creates for it, named by a
  setting of the service (`ENV DNSMASQ_USER=pihole`, `APACHE_RUN_USER`; not a generic
  `APP_USER` or `USER`, which names the account the author meant to switch to);
- an image whose job needs root: docker-in-docker (`dockerd`, `dind`), a Docker client
  (`docker.sock` in the file, or the Docker CLI or engine installed by the build: it drives
  the host's daemon through the mounted socket, which only root and the host's docker group
  can open, and whoever opens it is root on the host anyway; a program that merely can talk
  to the daemon, such as a proxy with a Docker provider, is still reported), a JupyterHub
  that logs in the local users the stage creates and starts their servers as them, or a
  Jupyter server started with `--allow-root` (the author says it runs as root on purpose: its
  users install packages at run time);
- an image that starts nothing of its own: no `CMD` and no `ENTRYPOINT`, a keep-alive
  (`tail -f /dev/null`, `sleep infinity`), or, on a bare distribution, only an entrypoint
  script with no `CMD` after it and nothing copied in but that script (a pass-through
  wrapper that runs the command it is given, such as adoptium's `__cacert_entrypoint.sh`).
  It is a base for other images, a workspace started with a shell and host directories
  mounted for writing, or a test rig whose scripts install packages system-wide. A stage
  on a language image (the base starts only its REPL: a tool installed there, such as
  `mlflow`, is run with its own command) or on a server image (`tritonserver`: the base's
  command serves what the stage adds) still runs an application and is reported, and so is
  an entrypoint script with an application copied in;
- an interactive workspace: the build installs a text editor (`vim`, `emacs`, `nano`) for
  people who edit files inside the container;
- a development environment: a stage named `dev-envs` or `devcontainer` (Docker Dev
  Environments, dev containers) or one built on `mcr.microsoft.com/devcontainers/*`, where
  the editor attaches with its own account;
- a CI job environment: it installs `sudo` and starts nothing but a shell or a REPL (a
  `test-deps` image with git, curl and sudo). CI agents run their steps in such a container,
  create their own account in it at start and call `sudo`, which needs the container to start
  as root. An image that installs `sudo` and starts a program of its own is still reported;
- a build environment on a language image (`node`, `python`, `golang`...) that copies the
  project's tree in (`COPY . ...`) and has no `CMD` or `ENTRYPOINT` of its own: it is run
  with a build command (`docker run ... yarn build`) on a tree the build left to root, not as
  a service. A tool installed on a language image without a command of its own (run as
  `mlflow server`) is still reported.

A test fixture (a file under a `testfiles/`, `testdata/` or `fixtures/` directory, when the CLI
or the editor knows the path) is never built: parsers and tests read it, nothing runs it.

A last `USER` that is root is reported when it switches back from an earlier non-root `USER`
(root-only steps at the end, and the switch back forgotten), or when it comes from a variable
(`USER "$USER_ID"` with `ARG USER_ID=0`: root unless the build overrides it). A literal
`USER root`/`USER 0:0` that is the only `USER` in play, or that has a comment above it, is a
decision the author wrote down (an installer that configures the host's container runtime):
it is left alone here, and hadolint's DL3002 still reports every final `USER root`.

## Why is this bad?
A process running as root in a container is root on the container's filesystem and, if it
escapes (a kernel or runtime bug, a mounted Docker socket, a privileged flag someone adds
later), root on the host in every namespace not remapped. Running as an ordinary user turns
"code execution in the service" into "code execution as a user that owns nothing": it cannot
install packages, rewrite the application's files, or bind to privileged ports. Many
clusters (Kubernetes `runAsNonRoot`, OpenShift) refuse root images outright.

Build steps that need root (package installs) keep working: `USER` only affects the
instructions after it and the running container, so it goes after the last such `RUN`.

Only the final stage (the last one, or the `--target`) is checked, with the stages it inherits
from: a builder stage that runs as root ships nothing. hadolint's DL3002 only flags an explicit
`USER root` at the end; this rule also flags a final stage that never leaves root.

## Example
```dockerfile
FROM python:3.12-slim
WORKDIR /notebooks
RUN pip install --no-cache-dir jupyterlab==4.2.5
CMD ["jupyter", "lab", "--ip=0.0.0.0"]
```

## Use instead
```dockerfile
FROM python:3.12-slim
WORKDIR /notebooks
RUN pip install --no-cache-dir jupyterlab==4.2.5
RUN useradd --system --create-home --uid 10001 app && chown 10001 /notebooks
USER 10001
CMD ["jupyter", "lab", "--ip=0.0.0.0"]
```

## Fix safety
Unsafe: the container's user changes. The fix is offered only where the file shows that the
program can run as that user; everywhere else the message gives the reason and there is no
edit.

When the final stage (or a stage it is built on) creates a user with `useradd`/`adduser`,
the fix adds `USER <that user>`, provided the file gives that user its working directory (its
home from `useradd -m`, a `chown` to it, a `chmod` that opens it to all).
Otherwise it creates a system user the way the base's OS does it (Debian/Ubuntu
`useradd --system --create-home --uid 10001 app`, Alpine
`addgroup -S -g 10001 app && adduser -S -u 10001 -G app app`, RHEL-family images with
`dnf`/`yum` `useradd -r -u 10001 app`), gives it the working directory
(`&& chown 10001 <WORKDIR>`, not recursive: the program can create files there, the files
the build put there stay root's) and switches to it by number (`USER 10001`, which
Kubernetes' `runAsNonRoot` can verify). On distroless bases it adds `USER 65532:65532` (the
base's `nonroot` account) when the working directory is open to all. The new lines go at the
end of the stage, before a trailing block of `CMD`/`ENTRYPOINT`/`EXPOSE`/`HEALTHCHECK`/
`STOPSIGNAL`/`LABEL` (which do not depend on the build user), so every `RUN` still runs as
root. No fix when the OS family is unknown, or on images without `useradd` (`microdnf`
minimal images, Amazon Linux).

No fix, only the reason, where the file shows the image needs root once it runs:

- the working directory is `/` (no `WORKDIR`), or an existing account's working directory is
  left to root: the program cannot create its data;
- the data is meant to live on a mount: a `VOLUME` (other than `/tmp`), an `ENV` that names
  the data directory (`XDG_DATA_HOME=/data`, `*_DATA_DIR`), settings of a program that
  downloads models at run time (`HF_HOME`, `HF_HUB_*`: users mount `-v $HOME/models:...`),
  or a working directory the build puts nothing in (`WORKDIR /meili_data`: it is there for
  data). A host directory mounted there keeps the host's owner, which no `chown` in the image
  changes;
- the program listens on a port below 1024 (`EXPOSE 80`, `ENV PORT=80`, `--bind 0.0.0.0:80`,
  `-p 80`): runtimes that keep the privileged-port limit refuse the bind to an ordinary user.
  Move the program to a port above 1023 first;
- `scratch`: there is no user database, so the user's home is `/`;
- `sshd`, systemd and cron start as root and switch each session or job to its user (and so
  do Apache, php-fpm, postfix and runit, left alone above unless a `USER root` at the end
  switches back to root: Apache also writes its pid file and logs to root-owned places);
  `ldconfig` rewrites `/etc/ld.so.cache`; a command that installs packages (`apt-get`, `apk`,
  `conda`, `pip` into the image's site-packages); `service`, which runs an init script as root
  (also as a part of a `sh -c "..."` start command);
- a final `USER root` in a Docker client: the socket is root's and the host's docker group's;
- the account is the one a service drops to, named by an `ENV` such as `DNSMASQ_USER` or
  `APACHE_RUN_USER`;
- a `devel` base image (`tensorflow/tensorflow:nightly-devel`): builds run in its root-owned
  source tree and toolchain;
- an `ENV` pointing into `/root` (a Python that uv or pyenv installed there,
  `/root/.local/bin` on `PATH`) or a `WORKDIR` in `/root`: unreadable to any other user.

A `USER` line there stops the container from working until those places are made writable
or moved, which only the author can judge.

## Options
None.

## References
- [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
- [Docker docs: best practices, USER](https://docs.docker.com/build/building/best-practices/#user)
- [Kubernetes: pod security standards (runAsNonRoot)](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator

from stanzalint.analysis.model import Analysis, ShellCommand, Stage
from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.dockerfile_path import is_test_fixture
from stanzalint.rules.toolkit.edits import end_of_stage_insertion
from stanzalint.rules.toolkit.purpose import started_command, started_program
from stanzalint.rules.toolkit.run_as_user import (
    RootFindingReads,
    program_needs_root,
    root_finding,
    root_finding_reads,
    runs_apache,
    sets_up_more_than_directories,
    why_user_would_break,
    working_directory,
)
from stanzalint.rules.toolkit.stages import chain_instructions
from stanzalint.rules.toolkit.users import usable_user

NEW_USER = "app"
NEW_UID = "10001"
SCRATCH_USER = "65532:65532"


def _run_reads(commands: list[ShellCommand]) -> tuple[RootFindingReads, bool]:
    """What the rule reads of a RUN besides the words of ``useradd``, ``adduser``, ``chown`` and
    ``chmod`` (its ``reads_runs``): what ``root_finding`` reads of it, and whether it does more
    than set up a directory (so fills the directory it runs in: ``data_on_a_mount``). Typing in
    any other command's words then keeps the finding."""
    return root_finding_reads(commands), sets_up_more_than_directories(commands)


@rule(
    code="SZ501",
    name="final-stage-runs-as-root",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    practice="e",
    aliases=("DS-0002", "CKV_DOCKER_3"),
    scope="stage",
    reads=("shell", "global-args", "stage-names", "final-stage"),
    reads_commands=("adduser", "chmod", "chown", "useradd"),
    reads_runs=_run_reads,
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    if is_test_fixture(ctx.path):
        return  # a parser's or a test's input: nothing runs it
    analysis = ctx.analysis
    if not any(analysis.is_shipped(stage) for stage in analysis.stages):
        return  # the finding and its fix are about the stages the image ships
    found = root_finding(analysis, ctx.path)
    if found is not None:
        span, message, family = found
        needs_root = why_no_fix(analysis, analysis.final_stage, family)
        if needs_root is not None:
            yield ctx.violation(span, f"{message}; no fix offered: {needs_root}")
        else:
            yield ctx.violation(span, message, fix=_fix(analysis, analysis.final_stage, family))


#: Apache writes its pid file and logs to root-owned places when it starts
_APACHE_WRITES = (
    "Apache writes its pid file and logs to root-owned directories and starts its "
    "children as its configured User itself; make those directories writable first"
)


#: the shells a ``sh -c "..."`` start command runs its script with
_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})


def _shell_c_programs(words: list[str]) -> list[str]:
    """The programs a ``sh -c "script"`` start command runs first in each part of its script
    (split at ``&&``, ``||``, ``;`` and ``|``), by basename: what the container starts."""
    if len(words) < 3 or words[0].rsplit("/", 1)[-1] not in _SHELLS or words[1] != "-c":
        return []
    parts = re.split(r"&&|\|\||;|\|", words[2])
    return [part.split()[0].rsplit("/", 1)[-1] for part in parts if part.split()]


def root_owned_run_time_writes(analysis: Analysis, stage: Stage) -> str | None:
    """Why a ``USER`` line would stop the image from starting, when the file shows it: the
    container runs Apache (by command or base image), a program that needs root
    (``program_needs_root``), or it runs programs from ``/root`` (an ``ENV`` pointing into
    it, such as a Python that uv or pyenv installed there, or a ``WORKDIR`` in it), which no
    other user can read."""
    program = started_program(stage)
    if runs_apache(stage):
        return _APACHE_WRITES
    for started in (program, *_shell_c_programs(started_command(stage))):
        needs_root = program_needs_root(started)
        if needs_root is not None:
            return needs_root
    workdir = None
    for _, ins in chain_instructions(stage):
        if ins.keyword == "ENV":
            for i, token in enumerate(ins.args):
                if _UNDER_ROOT_HOME.search(token.value):
                    name = token.value.split("=", 1)[0] if "=" in token.value or i == 0 else ins.args[i - 1].value
                    return f"`{name}` points into /root, which only root can read"
        if ins.keyword == "WORKDIR" and ins.args:
            workdir = ins.args[0].value
    if workdir is not None and _UNDER_ROOT_HOME.search(workdir + "/"):
        return f"the working directory `{workdir}` is in root's home, which only root can enter"
    return None


#: a path in root's home directory (``/root/.local/bin``, ``/root``), not ``/opt/rh/.../root/usr``
_UNDER_ROOT_HOME = re.compile(r"(?:^|[=:\s\"'])/root(?:/|$|[:\s\"'])")


def why_no_fix(analysis: Analysis, stage: Stage, family) -> str | None:
    """Why the file does not show that the program can run as the user a fix would pick."""
    user = usable_user(analysis, stage)
    gives_workdir = user is None and (family is None or family.family not in ("scratch", "distroless"))
    return root_owned_run_time_writes(analysis, stage) or why_user_would_break(
        analysis, stage, started_program(stage), user, gives_workdir
    )


def _fix(analysis: Analysis, stage: Stage, family) -> Fix | None:
    user = usable_user(analysis, stage)
    if user is not None:
        return _insert(analysis, stage, f"Append USER {user.name}", [f"USER {user.name}"])
    if family is None:
        return None
    if family.family in ("scratch", "distroless"):
        return _insert(analysis, stage, f"Append USER {SCRATCH_USER}", [f"USER {SCRATCH_USER}"])
    if not analysis.is_posix_shell(stage.instructions[-1]):
        return None
    create = _create_user_command(family)
    if create is None:
        return None
    workdir = working_directory(analysis, stage)
    create += f" && chown {NEW_UID} {shlex.quote(workdir)}"
    title = f"Create user {NEW_USER} (uid {NEW_UID}), give it the working directory and switch to it"
    return _insert(analysis, stage, title, [create, f"USER {NEW_UID}"])


def _create_user_command(family) -> str | None:
    if family.family in ("debian", "ubuntu"):
        return f"RUN useradd --system --create-home --uid {NEW_UID} {NEW_USER}"
    if family.family == "alpine":
        return f"RUN addgroup -S -g {NEW_UID} {NEW_USER} && adduser -S -u {NEW_UID} -G {NEW_USER} {NEW_USER}"
    if (
        family.family in ("rhel", "fedora")
        and family.package_manager in ("dnf", "yum")
        and family.distro != "amazonlinux"
    ):
        return f"RUN useradd -r -u {NEW_UID} {NEW_USER}"
    return None


def _insert(analysis: Analysis, stage: Stage, title: str, lines: list[str]) -> Fix:
    span, text = end_of_stage_insertion(analysis, stage, lines)
    return Fix.unsafe(title, [Edit(span, text)])
