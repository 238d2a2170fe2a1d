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
  language images. The images built on it run `apt-get install` and their `ONBUILD` steps as
  root and set their own `USER`; a `USER` here would break every one of them;
- an image that drops privileges itself: its base is known to (`postgres`, `redis`, `mongo`,
  `mysql`, `mariadb`: the entrypoint re-executes as the service's user with `gosu`; `httpd`:
  the children run as httpd.conf's `User`; the linuxserver.io base images), it installs,
  downloads or copies `gosu`/`su-exec` for its entrypoint, it sets Apache's `User` (a `sed` on
  or `COPY` of `httpd.conf`), or its command is (or ends by starting) s6-overlay's `/init`,
  which starts each service as its own user, also when inherited from a Rocker RStudio or
  Shiny image;
- a development environment: a stage named `dev-envs` or `devcontainer` (Docker Dev
  Environments, dev containers) or one built on `mcr.microsoft.com/devcontainers/*`, where
  the editor attaches with its own account.

An explicit `USER root` at the end is always reported.

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
RUN pip install --no-cache-dir jupyterlab==4.2.5
CMD ["jupyter", "lab", "--ip=0.0.0.0"]
```

## Use instead
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir jupyterlab==4.2.5
RUN useradd --system --create-home --uid 10001 app
USER 10001
CMD ["jupyter", "lab", "--ip=0.0.0.0"]
```

## Fix safety
Unsafe: the container's user changes, so files the application writes must be writable by
that user. When the final stage (or a stage it is built on) creates a user with
`useradd`/`adduser`, the fix adds `USER <that user>`; otherwise it creates a system user the
way the base's OS does it (Debian/Ubuntu `useradd --system --create-home --uid 10001 app`,
Alpine `addgroup -S -g 10001 app && adduser -S -u 10001 -G app app`, RHEL-family images with `dnf`/`yum`
`useradd -r -u 10001 app`) and switches to it by number (`USER 10001`, which Kubernetes'
`runAsNonRoot` can verify); on `scratch` and distroless bases it adds
`USER 65532:65532` (no user database is needed for a numeric user). The new lines go at the
end of the stage, before a trailing block of `CMD`/`ENTRYPOINT`/`EXPOSE`/`HEALTHCHECK`/
`STOPSIGNAL`/`LABEL` (which do not depend on the build user), so every `RUN` still runs as
root. No fix when the OS family is unknown, or on images without `useradd` (`microdnf`
minimal images, Amazon Linux).

No fix either, only the reason in the message, where the file shows that the image writes to
or reads from places only root can use once it runs: nginx (by command or base image) writes
`/var/run/nginx.pid` and `/var/cache/nginx`; Apache (`httpd`, `apache2-foreground`, a
`php:*-apache` base) writes its pid file and logs; `dockerd`, `sshd` and systemd need root to
do their job; an `ENV` pointing into `/root` (a Python
that uv or pyenv installed there, `/root/.local/bin` on `PATH`) or a `WORKDIR` in `/root` is
unreadable to any other user. A `USER` line there stops the container from starting until
those places are made writable or moved.

## Options
None.

## References
- [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
- [Docker docs: best practices, USER](https://docs.docker.com/build/building/best-practices/#user)
- [Kubernetes: pod security standards (runAsNonRoot)](https://kubernetes.io/docs/concepts/security/pod-security-standards/)
"""

from __future__ import annotations

import os
import re
from typing import Iterator, List, Optional, Tuple

from stanzalint.analysis.model import Analysis, Stage
from stanzalint.knowledge.names import resolve
from stanzalint.rules._image_purpose import (
    started_command,
    base_for_other_images,
    drops_privileges_at_run_time,
    is_development_environment,
)
from stanzalint.rules._stage_helpers import (
    CreatedUser,
    chain_instructions,
    is_build_environment,
    created_users,
    end_of_stage_insertion,
    is_root_user,
    last_user,
    nonroot_default_user,
    os_of,
)
from stanzalint.rules.base import Edit, Fix, FixAvailability, RuleContext, Severity, Violation, rule
from stanzalint.syntax.model import Span

NEW_USER = "app"
NEW_UID = "10001"
SCRATCH_USER = "65532:65532"


@rule(
    code="SZ501",
    name="final-stage-runs-as-root",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    practice="e",
    aliases=("DS-0002", "CKV_DOCKER_3"),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    analysis = ctx.analysis
    found = root_finding(analysis, ctx.path)
    if found is not None:
        span, message, family = found
        needs_root = root_owned_run_time_writes(analysis, analysis.final_stage)
        if needs_root is not None:
            yield ctx.violation(span, f"{message}; no fix offered: {needs_root}")
        else:
            yield ctx.violation(span, message, fix=_fix(analysis, analysis.final_stage, family))


def root_finding(analysis: Analysis, path: Optional[str] = None) -> Optional[Tuple[Span, str, object]]:
    """(span, message, OS family) when the final stage ends as root, else None."""
    final = analysis.final_stage
    if final is None:
        return None
    root = final.root_image
    if root is None or root.unresolved:
        return None
    family = os_of(root)
    if family is not None and family.os == "windows" or family is None and _looks_windows(root.resolved, path):
        return None
    if is_build_environment(analysis, final) or is_development_environment(final):
        return None
    runs = any(ins.keyword in ("CMD", "ENTRYPOINT") for _, ins in chain_instructions(final))
    if root.is_scratch and not runs:
        return None  # a carrier of files for ``COPY --from``, not something that runs
    user_ins = last_user(final)
    if user_ins is not None:
        value, known = analysis.resolve(user_ins.args[0].value, user_ins)
        if not known or not is_root_user(value):
            return None
        return user_ins.args[0].span, "The final stage switches back to root here, so the container runs as root", family
    if nonroot_default_user(root) is not None:
        return None
    if base_for_other_images(analysis, final) or drops_privileges_at_run_time(analysis, final):
        return None  # images built on it need root / the entrypoint switches user itself
    message = f"The final stage never sets USER: containers from this image run as root (base `{root.resolved}`)"
    return final.from_instruction.line_span, message, family


#: servers that write their pid file, logs or cache to root-owned places when they start
_ROOT_WRITING_SERVERS = {
    "nginx": "nginx writes its pid file and cache (/var/run/nginx.pid, /var/cache/nginx), which only "
    "root can write; make them writable by the user first, or use `nginxinc/nginx-unprivileged`",
    "apache": "Apache writes its pid file and logs to root-owned directories and starts its "
    "children as its configured User itself; make those directories writable first",
}
_APACHE_COMMANDS = {"apache2-foreground", "httpd-foreground", "apache2ctl", "apachectl", "httpd", "apache2"}
#: programs that cannot do their job without root
_ROOT_PROGRAMS = {
    "dockerd": "dockerd needs root to manage namespaces, cgroups and mounts (the rootless variant "
    "runs without it)",
    "sshd": "sshd starts as root to switch to each user who logs in",
    "systemd": "an init system starts as root and runs each service as its configured user",
}


def root_owned_run_time_writes(analysis: Analysis, stage: Stage) -> Optional[str]:
    """Why a ``USER`` line would stop the image from starting, when the file shows it: the
    container runs nginx or Apache (by command or base image), a daemon that needs root
    (``dockerd``, ``sshd``, systemd), or it runs programs from
    ``/root`` (an ``ENV`` pointing into it, such as a Python that uv or pyenv installed
    there, or a ``WORKDIR`` in it), which no other user can read."""
    program = _program(stage)
    root = stage.root_image
    name, tag = resolve(root) if root is not None and not root.unresolved else ("", None)
    if program in ("nginx", "openresty") or name in ("nginx", "openresty/openresty"):
        return _ROOT_WRITING_SERVERS["nginx"]
    if program in _APACHE_COMMANDS or name == "httpd" or "apache" in (tag or "").split("-"):
        return _ROOT_WRITING_SERVERS["apache"]
    daemon = re.sub(r"-entrypoint(?:\.sh)?$", "", program)
    if daemon in ("init", "systemd") or daemon in _ROOT_PROGRAMS:
        return _ROOT_PROGRAMS["systemd" if daemon == "init" else daemon]
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


def _program(stage: Stage) -> str:
    """The basename of the program the container starts, past init wrappers and entrypoint
    scripts ("" when none)."""
    words = started_command(stage)
    return words[0].rsplit("/", 1)[-1] if words else ""


def _looks_windows(image: str, path: Optional[str]) -> bool:
    """A Windows image the knowledge does not list (``.../dotnet/framework/...``, ``nanoserver``),
    or a Dockerfile named for Windows: USER means something else there."""
    words = ("windows", "nanoserver", "servercore", "dotnet/framework")
    name = os.path.basename(path).lower() if path else ""
    return any(w in image.lower() for w in words) or "windows" in name


def usable_user(analysis: Analysis, stage: Stage) -> Optional[CreatedUser]:
    """The last user the stage or its bases create whose name a USER line can spell."""
    last = stage.instructions[-1]
    for s in stage.chain:  # nearest stage first
        for user in reversed(created_users(analysis, s)):
            if user.word.literal and user.name and "$" not in user.name:
                return user
            if "$" in user.name and analysis.resolve(user.name, last)[1]:
                return user
    return None


def _fix(analysis: Analysis, stage: Stage, family) -> Optional[Fix]:
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
    title = f"Create user {NEW_USER} (uid {NEW_UID}) and switch to it"
    return _insert(analysis, stage, title, [create, f"USER {NEW_UID}"])


def _create_user_command(family) -> Optional[str]:
    if family.family in ("debian", "ubuntu"):
        return f"RUN useradd --system --create-home --uid {NEW_UID} {NEW_USER}"
    if family.family == "alpine":
        return f"RUN addgroup -S -g {NEW_UID} {NEW_USER} && adduser -S -u {NEW_UID} -G {NEW_USER} {NEW_USER}"
    if family.family in ("rhel", "fedora") and family.package_manager in ("dnf", "yum") and family.distro != "amazonlinux":
        return f"RUN useradd -r -u {NEW_UID} {NEW_USER}"
    return None


def _insert(analysis: Analysis, stage: Stage, title: str, lines: List[str]) -> Fix:
    span, text = end_of_stage_insertion(analysis, stage, lines)
    return Fix.unsafe(title, [Edit(span, text)])
