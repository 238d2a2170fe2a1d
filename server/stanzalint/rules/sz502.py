"""
## What it does
Flags a `useradd`/`adduser` whose user nothing switches to: no later `USER` in the stage or in
a stage built on it names the user (or its uid), and no `gosu`/`su-exec`/`su`/`runuser`/
`sudo -u` in the stage's commands runs anything as that user.

Six kinds of accounts are not flagged, because something other than `USER` is meant to use
them:

- names that come from a shell variable the build cannot know (`for name in alice bob; do
  useradd $name; done`): login accounts for a multi-user service;
- accounts given a password (`echo "sas:sas" | chpasswd`, `passwd sas`, `useradd -p`): a
  password only matters to something that authenticates the account (a web IDE's sign-in, SSH,
  PAM), never to `USER`, so the account is for logging in, not for running the image;
- accounts in an image that carries a privilege-dropping tool (`gosu`, `su-exec`, `sudo`,
  `doas`, `supervisor`, `runit`, `s6`, installed by a package manager or copied/downloaded as a
  binary): the entrypoint script or the test harness starts the service as root and drops to
  the account at run time (`exec gosu redis "$@"`, `sudo -u '#1000' buildkitd`), in a file the
  Dockerfile does not show.

- accounts a builder stage creates for a later stage that copies its files (`COPY
  --from=<stage>`) and creates and switches to the same user: the builder's account exists so
  that the files it writes carry the owner the final image runs as (the shape SZ601's split
  gives).

- accounts in a development environment (a stage named `dev-envs` or `devcontainer`, or one
  built on `mcr.microsoft.com/devcontainers/*`): the editor attaches as that account (`vscode`), and `USER vscode` would stop `mvn
  spring-boot:run` or `cargo run` writing to the workspace the stage set up as root;
- accounts in a final image that stays root on purpose (see SZ501: built for others to build
  on, dropping privileges at run time, or a job that needs root): the official `node` image
  creates `node` for the images built on it to switch to, httpd's `www-data` is the `User`
  its children run as, nginx's `nginx` is the `user` of its workers.

A test fixture (a file under a `testfiles/`, `testdata/` or `fixtures/` directory, when the CLI
or the editor knows the path) is not checked: parsers and tests read it, nothing runs it.

The password and privilege-drop exemptions are withdrawn when the account is given administrator rights (a sudoers line
naming it, membership of `sudo`/`wheel`/`admin`, or a sudoers file copied in): such an account
is the one people are meant to work as, and forgetting `USER` for it is exactly this mistake.

## Why is this bad?
Creating a user does not make anything run as it. The usual intent is a non-root runtime
user, and forgetting the `USER` line leaves the container running as root while the
Dockerfile looks as if it did not: reviewers see `useradd app` and move on. The account itself
then only adds an entry to `/etc/passwd` and a home directory to the image.

In the final stage, when the image ends as root, SZ501 (final-stage-runs-as-root) reports the
problem and offers the same `USER` line; this rule stays quiet there so the finding is not
reported twice. It still reports an unused user in builder stages and in final stages that
end as some other non-root user.

## Example
```dockerfile
FROM python:3.12-slim AS app
RUN useradd --create-home analyst
RUN pip install --no-cache-dir pandas==2.2.2
USER nobody
```

## Use instead
```dockerfile
FROM python:3.12-slim AS app
RUN useradd --create-home analyst
RUN pip install --no-cache-dir pandas==2.2.2
USER analyst
```

## Fix safety
Unsafe: adds `USER <name>` at the end of the stage (before a trailing `CMD`/`ENTRYPOINT`/
`EXPOSE`/`HEALTHCHECK`/`STOPSIGNAL`/`LABEL` block), which changes the user later stages and
the container run as. No fix when the name comes from a shell variable a `USER` line cannot see,
or when a stage built on this one has `RUN` steps (they would stop running as root).

## Options
None.

## References
- [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
- [useradd(8)](https://man7.org/linux/man-pages/man8/useradd.8.html)
"""

from __future__ import annotations

import re
from typing import Iterator, List

from stanzalint.analysis.model import Analysis, ShellCommand, Stage
from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.commands import stage_commands
from stanzalint.rules.toolkit.dockerfile_path import is_test_fixture
from stanzalint.rules.toolkit.edits import end_of_stage_insertion
from stanzalint.rules.toolkit.packages import installs_or_fetches
from stanzalint.rules.toolkit.purpose import (
    base_for_other_images,
    drops_privileges_at_run_time,
    is_development_environment,
)
from stanzalint.rules.toolkit.run_as_user import root_by_design, root_finding
from stanzalint.rules.toolkit.stages import chain_instructions, descendants, from_values, stage_body
from stanzalint.rules.toolkit.users import (
    CreatedUser,
    created_users,
    last_user,
    normalise_user,
    user_matches,
    user_used_elsewhere,
)
from stanzalint.syntax.model import Instruction


@rule(
    code="SZ502",
    name="created-user-not-used",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    practice="e",
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    if is_test_fixture(ctx.path):
        return  # a parser's or a test's input: nothing runs it
    analysis = ctx.analysis
    final_as_root = root_finding(analysis, ctx.path) is not None
    final = analysis.final_stage
    left_to_run_time = final is not None and last_user(final) is None and (
        base_for_other_images(analysis, final) or drops_privileges_at_run_time(analysis, final)
        or root_by_design(analysis, final)
    )
    for stage in analysis.stages:
        if final_as_root and analysis.is_shipped(stage):
            continue  # SZ501 reports it, with the same fix
        if left_to_run_time and analysis.is_shipped(stage):
            continue  # the account is for the images built on it, or the server switches to it
        if is_development_environment(stage):
            continue  # the editor attaches as the account; USER would lock it out of the workspace
        later = descendants(analysis, stage)
        for user in created_users(analysis, stage):
            if "$" in user.name and not _buildkit_known(analysis, user):
                continue  # users created in a loop (``for name in ...; useradd $name``): logins
            if _switched_to(stage, later, user) or user_used_elsewhere(analysis, [stage] + later, user):
                continue
            if _runs_in_a_stage_copying_from(analysis, stage, user):
                continue  # the builder's account owns the files the final stage copies and runs as
            commands = _image_commands(analysis, stage, later)
            if not _granted_admin(analysis, stage, later, commands, user) and (
                _has_password(commands, user) or installs_or_fetches(analysis, _image_instructions(stage, later), _SWITCHERS)
            ):
                continue  # a login account, or one an entrypoint/harness switches to at run time
            yield ctx.violation(
                user.word.span,
                f"User `{user.name}` is created but nothing switches to it: add `USER {user.name}`",
                fix=_fix(analysis, stage, later, user),
            )


#: packages and binaries whose job is running a program as another user
_SWITCHERS = {"gosu", "su-exec", "sudo", "doas", "supervisor", "runit", "s6", "chpst", "supervisord"}
#: groups whose members may act as root
_ADMIN_GROUPS = {"sudo", "wheel", "admin"}
_USER_TOOLS = {"useradd", "usermod", "adduser", "gpasswd", "addgroup"}


def _image_commands(analysis: Analysis, stage: Stage, later: List[Stage]) -> List[ShellCommand]:
    """Every RUN command of the stage, the stages it is built on and the stages built on it."""
    out: List[ShellCommand] = []
    for _, ins in chain_instructions(stage):
        if ins.keyword == "RUN":
            out.extend(analysis.commands(ins))
    for other in later:
        out.extend(cmd for _, cmd in stage_commands(analysis, other))
    return out


def _image_instructions(stage: Stage, later: List[Stage]) -> List[Instruction]:
    return [ins for _, ins in chain_instructions(stage)] + [
        ins for other in later for ins in stage_body(other)
    ]


def _has_password(commands: List[ShellCommand], user: CreatedUser) -> bool:
    """``useradd -p``, ``usermod -p``, ``passwd <user>``, ``echo "<user>:pw" | chpasswd``."""
    name = normalise_user(user.name)
    for i, cmd in enumerate(commands):
        words = [normalise_user(w.value) for w in cmd.args]
        if cmd is user.command and cmd.has_option("-p", "--password"):
            return True
        if cmd.name == "usermod" and cmd.has_option("-p", "--password") and name in words:
            return True
        if cmd.name == "passwd" and name in words and not cmd.has_option("-l", "--lock"):
            return True
        if cmd.name == "chpasswd" and cmd.pipe_prev and i > 0:
            fed = [normalise_user(w.value) for w in commands[i - 1].args]
            if any(w.startswith(name + ":") for w in fed):
                return True
    return False


def _granted_admin(
    analysis: Analysis, stage: Stage, later: List[Stage], commands: List[ShellCommand], user: CreatedUser
) -> bool:
    """A sudoers line names the user, the user joins sudo/wheel/admin, or a sudoers file is
    copied in (its content unknown)."""
    name = normalise_user(user.name)
    sudoers_line = re.compile(r"(?:^|\s)" + re.escape(name) + r"\s+ALL\s*=")
    for cmd in commands:
        words = [normalise_user(w.value) for w in cmd.args]
        if any(sudoers_line.search(w) for w in words):
            return True
        if cmd.name in _USER_TOOLS and (name in words or cmd is user.command):
            groups = {g for w in words for g in w.split(",")}
            if groups & _ADMIN_GROUPS:
                return True
    for ins in _image_instructions(stage, later):
        if ins.keyword in ("COPY", "ADD") and ins.args and "sudoers" in ins.args[-1].value:
            return True
    return False


def _buildkit_known(analysis: Analysis, user: CreatedUser) -> bool:
    """True when every variable in the user's name is an ARG/ENV the build knows."""
    visible = analysis.visible_vars(user.instruction)
    names = re.findall(r"\$\{?(\w+)", user.name)
    return all(n in visible for n in names)


def _runs_in_a_stage_copying_from(analysis: Analysis, stage: Stage, user: CreatedUser) -> bool:
    """A later stage copies files from ``stage`` (``COPY --from``), creates the same user and
    switches to it."""
    for other in analysis.stages:
        if other.index <= stage.index:
            continue
        copies = any(
            ins.keyword == "COPY" and any(analysis.stage_named(v) is stage for v in from_values(ins))
            for ins in stage_body(other)
        )
        if not copies:
            continue
        for created in created_users(analysis, other):
            if created.name == user.name and _switched_to(other, descendants(analysis, other), created):
                return True
    return False


def _switched_to(stage: Stage, later: List[Stage], user: CreatedUser) -> bool:
    seen = False
    for ins in stage_body(stage):
        if ins is user.instruction:
            seen = True
        elif seen and ins.keyword == "USER" and ins.args and user_matches(ins.args[0].value, user):
            return True
    for other in later:
        for ins in stage_body(other):
            if ins.keyword == "USER" and ins.args and user_matches(ins.args[0].value, user):
                return True
    return False


def _fix(analysis: Analysis, stage: Stage, later: List[Stage], user: CreatedUser):
    if any(ins.keyword == "RUN" for other in later for ins in stage_body(other)):
        return None  # a stage built on this one still runs commands that may need root
    if not user.word.literal and "$" not in user.name:
        return None
    span, text = end_of_stage_insertion(analysis, stage, [f"USER {user.name}"])
    return Fix.unsafe(f"Append USER {user.name}", [Edit(span, text)])
