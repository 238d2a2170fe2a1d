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
when a stage built on this one has `RUN` steps (they would stop running as root), or when the
stage already runs as another account the file creates (`USER web` after creating `app` and
`web`: the author chose it).

## Options
None.

## References
- [Dockerfile reference: USER](https://docs.docker.com/reference/dockerfile/#user)
- [useradd(8)](https://man7.org/linux/man-pages/man8/useradd.8.html)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from stanzalint.analysis.model import Analysis, ShellCommand, Stage
from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.dockerfile_path import is_test_fixture
from stanzalint.rules.toolkit.edits import end_of_stage_insertion
from stanzalint.rules.toolkit.packages import commands_bring_in, installs_or_fetches
from stanzalint.rules.toolkit.purpose import (
    base_for_other_images,
    drops_privileges_at_run_time,
    is_development_environment,
)
from stanzalint.rules.toolkit.run_as_user import RootFindingReads, root_by_design, root_finding, root_finding_reads
from stanzalint.rules.toolkit.run_summaries import run_summary
from stanzalint.rules.toolkit.stages import chain_instructions, descendants, from_values, stage_body
from stanzalint.rules.toolkit.users import (
    CreatedUser,
    created_users,
    is_root_user,
    last_user,
    names_run_as_in,
    names_started_as,
    normalise_user,
    user_named,
)
from stanzalint.syntax.model import Instruction


@dataclass(frozen=True)
class _RunWords:
    """What one RUN's commands say about accounts, position-free (``run_summary`` remembers it
    by the RUN's text): with the words of ``useradd`` and ``adduser``, all the rule reads of a
    RUN (``reads_runs``), so typing in any other word keeps its findings."""

    run_as: tuple[str, ...]  # the users a privilege-dropping program runs something as (sorted)
    passwords: tuple[str, ...]  # the names given a password (sorted)
    sudoers_words: tuple[str, ...]  # the words that may be sudoers lines (they hold ``ALL``)
    admin_words: tuple[str, ...]  # the words of account commands naming an administrators' group (sorted)
    brings_switcher: bool  # installs or downloads a privilege-dropping program
    root: RootFindingReads  # what ``root_finding`` (``_Facts.final_stays_root``) reads of it


def _run_words(commands: list[ShellCommand]) -> _RunWords:
    """The ``_RunWords`` of a RUN's ``commands``. A password goes to the names ``usermod -p``,
    ``passwd`` (not ``-l``) or ``chpasswd`` give it; for ``chpasswd``, every prefix of a word
    the command before it in its pipe feeds it that ends before a colon."""
    passwords: set[str] = set()
    sudoers_words: list[str] = []
    admin_words: set[str] = set()
    for i, cmd in enumerate(commands):
        words = [normalise_user(w.value) for w in cmd.args]
        if cmd.name == "usermod" and cmd.has_option("-p", "--password"):
            passwords.update(words)
        if cmd.name == "passwd" and not cmd.has_option("-l", "--lock"):
            passwords.update(words)
        if cmd.name == "chpasswd" and cmd.pipe_prev and i > 0:
            for w in commands[i - 1].args:
                fed = normalise_user(w.value)
                passwords.update(fed[:at] for at, ch in enumerate(fed) if ch == ":")
        sudoers_words.extend(w for w in words if "ALL" in w)
        if cmd.name in _USER_TOOLS and _names_admin_group(words):
            admin_words.update(words)
    found = _RunWords(
        tuple(sorted(names_run_as_in(commands))),
        tuple(sorted(passwords)),
        tuple(sudoers_words),
        tuple(sorted(admin_words)),
        commands_bring_in(commands, _SWITCHERS),
        root_finding_reads(commands),
    )
    return _SAYS_NOTHING if found == _SAYS_NOTHING else found  # most RUNs: one object kept for all


#: what most RUNs say about accounts: nothing
_SAYS_NOTHING = _RunWords((), (), (), (), False, RootFindingReads((), (), False, False, False))


@rule(
    code="SZ502",
    name="created-user-not-used",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    practice="e",
    scope="stage",
    reads=("shell", "global-args", "base-stages", "stage-names", "dependent-chains", "final-stage"),
    reads_commands=("adduser", "useradd"),
    reads_runs=_run_words,
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    if is_test_fixture(ctx.path):
        return  # a parser's or a test's input: nothing runs it
    facts = _Facts(ctx.analysis, ctx.path)
    try:
        yield from _unused_users(ctx, facts)
    finally:
        facts.forget()  # each image refers to the facts, which keep the images: break the cycle


def _unused_users(ctx: RuleContext, facts: _Facts) -> Iterator[Violation]:
    """The created users nothing switches to, the cheap questions asked first (a keystroke
    re-runs the rule on its stage); a stage that ships is left at once when the final stage
    stays root, so a long chain of stages costs one question each."""
    analysis = ctx.analysis
    for stage in analysis.stages:
        image = facts.of(stage)
        if not image.created:
            continue
        if analysis.is_shipped(stage) and facts.final_stays_root:
            continue  # SZ501 reports it, with the same fix; or the account is for the images
            # built on it, or the server switches to it
        if is_development_environment(stage):
            continue  # the editor attaches as the account; USER would lock it out of the workspace
        current = last_user(stage)
        running = normalise_user(current.args[0].value).split(":", 1)[0] if current is not None else None
        runs_as_created = (
            running is not None
            and not is_root_user(running)
            and any(normalise_user(other.name) == running for other in image.created)
        )
        for user in image.created:
            if image.switched_to(user) or normalise_user(user.name) in image.names_run_as:
                continue
            if "$" in user.name and not _buildkit_known(analysis, user):
                continue  # users created in a loop (``for name in ...; useradd $name``): logins
            if not image.granted_admin(user) and (image.has_password(user) or image.installs_switcher):
                continue  # a login account, or one an entrypoint/harness switches to at run time
            if any(other.created_and_switched_to(user.name) for other in image.copied_by):
                continue  # the builder's account owns the files the final stage copies and runs as
            yield ctx.violation(
                user.word.span,
                f"User `{user.name}` is created but nothing switches to it: add `USER {user.name}`",
                fix=_fix(analysis, image, user, runs_as_created),
            )


#: packages and binaries whose job is running a program as another user
_SWITCHERS = {"gosu", "su-exec", "sudo", "doas", "supervisor", "runit", "s6", "chpst", "supervisord"}
#: groups whose members may act as root
_ADMIN_GROUPS = {"sudo", "wheel", "admin"}
_USER_TOOLS = {"useradd", "usermod", "adduser", "gpasswd", "addgroup"}


class _Facts:
    """Each stage's ``_Image``, made when first asked for, and what the final stage says about
    the stages it ships."""

    def __init__(self, analysis: Analysis, path: str | None) -> None:
        self.analysis = analysis
        self.path = path
        self._images: dict[int, _Image] = {}

    @cached_property
    def final_stays_root(self) -> bool:
        """The final stage ends as root (SZ501 reports it), or leaves switching users to run time
        or to the images built on it: the shipped stages' accounts are not this rule's."""
        analysis = self.analysis
        if root_finding(analysis, self.path) is not None:
            return True
        final = analysis.final_stage
        return (
            final is not None
            and last_user(final) is None
            and bool(
                base_for_other_images(analysis, final)
                or drops_privileges_at_run_time(analysis, final)
                or root_by_design(analysis, final)
            )
        )

    @cached_property
    def copiers(self) -> dict[int, list[Stage]]:
        """Stage index -> the later stages that ``COPY --from`` it, in order."""
        out: dict[int, list[Stage]] = {}
        whole = self.analysis.whole  # the rule may be looking at some stages only
        for ins in whole.dockerfile.of_keyword("COPY"):
            if not ins.flags or ins.parent is not None:
                continue  # copies from the build context, or an ONBUILD's (it runs later)
            other = whole.stage_of(ins)
            if other is None:
                continue
            for value in from_values(ins):
                source = self.analysis.stage_named(value)
                if source is not None and source.index < other.index:
                    copiers = out.setdefault(source.index, [])
                    if not copiers or copiers[-1] is not other:
                        copiers.append(other)
        return out

    def forget(self) -> None:
        """Drop the images made (they refer back to these facts)."""
        self._images.clear()

    def of(self, stage: Stage) -> _Image:
        image = self._images.get(stage.index)
        if image is None:
            image = self._images[stage.index] = _Image(self, stage)
        return image


class _Image:
    """What decides whether a stage's created users are used, read once per stage so that each
    user costs a few lookups: the stage, the stages it is built on (``chain``) and the stages built
    on it (``later``)."""

    def __init__(self, facts: _Facts, stage: Stage) -> None:
        self.facts = facts
        self.analysis = facts.analysis
        self.stage = stage

    @cached_property
    def later(self) -> list[Stage]:
        """The stages built on this one (asked only about a stage that creates users)."""
        return descendants(self.analysis, self.stage)

    @cached_property
    def _own_runs(self) -> list[tuple[Instruction, _RunWords]]:
        """The stage's own RUNs, each with what it says about accounts."""
        analysis = self.analysis
        return [(ins, run_summary(analysis, ins, _run_words)) for ins in stage_body(self.stage) if ins.keyword == "RUN"]

    @cached_property
    def created(self) -> list[CreatedUser]:
        return created_users(self.analysis, self.stage)

    @cached_property
    def _user_switches(self) -> tuple[dict[str, int], set[str]]:
        """(the last position in the stage of a USER naming each user, the users later stages'
        USER lines name), by the user part of the USER value."""
        last_at: dict[str, int] = {}
        for at, ins in enumerate(stage_body(self.stage)):
            if ins.keyword == "USER" and ins.args:
                last_at[user_named(ins.args[0].value)] = at
        later = {
            user_named(ins.args[0].value)
            for other in self.later
            for ins in stage_body(other)
            if ins.keyword == "USER" and ins.args
        }
        return last_at, later

    def switched_to(self, user: CreatedUser) -> bool:
        """A USER after the account's creation in the stage, or one in a later stage, names it."""
        last_at, later = self._user_switches
        created_at = self.stage.own_places[id(user.instruction)]
        for who in user.user_line_names:
            if who in later or last_at.get(who, -1) > created_at:
                return True
        return False

    def created_and_switched_to(self, name: str) -> bool:
        """The stage creates a user called ``name`` and switches to it."""
        return any(created.name == name and self.switched_to(created) for created in self.created)

    @cached_property
    def _runs(self) -> tuple[list[_RunWords], list[_RunWords]]:
        """What each RUN says about accounts: those of the stages it is built on, and those of
        the stage and of the stages built on it."""
        analysis, stage = self.analysis, self.stage
        bases = [
            run_summary(analysis, ins, _run_words)
            for owner, ins in chain_instructions(stage)
            if owner is not stage and ins.keyword == "RUN"
        ]
        own = [run for _, run in self._own_runs] + [
            run_summary(analysis, ins, _run_words)
            for other in self.later
            for ins in stage_body(other)
            if ins.keyword == "RUN"
        ]
        return bases, own

    @property
    def _all_runs(self) -> list[_RunWords]:
        bases, own = self._runs
        return bases + own

    @cached_property
    def names_run_as(self) -> set[str]:
        """The users the stage and the stages built on it switch to some other way than USER."""
        _bases, own = self._runs
        names: set[str] = set().union(*(run.run_as for run in own))
        for other in [self.stage, *self.later]:
            for ins in stage_body(other):
                if ins.keyword in ("CMD", "ENTRYPOINT"):
                    names |= names_started_as(ins)
        return names

    @property
    def copied_by(self) -> list[_Image]:
        """Later stages that ``COPY --from`` this one."""
        return [self.facts.of(other) for other in self.facts.copiers.get(self.stage.index, [])]

    @cached_property
    def instructions(self) -> list[Instruction]:
        return [ins for _, ins in chain_instructions(self.stage)] + [
            ins for other in self.later for ins in stage_body(other)
        ]

    @cached_property
    def installs_switcher(self) -> bool:
        if any(run.brings_switcher for run in self._all_runs):
            return True
        return installs_or_fetches(
            self.analysis, [ins for ins in self.instructions if ins.keyword != "RUN"], _SWITCHERS
        )

    @cached_property
    def later_runs(self) -> bool:
        """A stage built on this one has RUN steps."""
        return any(ins.keyword == "RUN" for other in self.later for ins in stage_body(other))

    @cached_property
    def _passwords(self) -> frozenset[str]:
        return frozenset().union(*(run.passwords for run in self._all_runs))

    def has_password(self, user: CreatedUser) -> bool:
        """``useradd -p``, ``usermod -p``, ``passwd <user>``, ``echo "<user>:pw" | chpasswd``."""
        return user.command.has_option("-p", "--password") or normalise_user(user.name) in self._passwords

    @cached_property
    def _admin_grants(self) -> tuple[list[str], set[str], bool]:
        """(the command words that may be sudoers lines, the words of account commands that
        name an administrators' group, whether a sudoers file is copied in)."""
        runs = self._all_runs
        sudoers_words = [w for run in runs for w in run.sudoers_words]
        admin_words: set[str] = set().union(*(run.admin_words for run in runs))
        copied = any(
            ins.keyword in ("COPY", "ADD") and ins.args and "sudoers" in ins.args[-1].value for ins in self.instructions
        )
        return sudoers_words, admin_words, copied

    def granted_admin(self, user: CreatedUser) -> bool:
        """A sudoers line names the user, the user joins sudo/wheel/admin, or a sudoers file is
        copied in (its content unknown)."""
        sudoers_words, admin_words, copied = self._admin_grants
        name = normalise_user(user.name)
        if sudoers_words:
            sudoers_line = re.compile(r"(?:^|\s)" + re.escape(name) + r"\s+ALL\s*=")
            if any(sudoers_line.search(w) for w in sudoers_words):
                return True
        joins_admin = _names_admin_group([normalise_user(w.value) for w in user.command.args])
        return name in admin_words or joins_admin or copied


def _names_admin_group(words: list[str]) -> bool:
    """An account command's (normalised) words name an administrators' group (``-aG sudo,docker``)."""
    return bool({g for w in words for g in w.split(",")} & _ADMIN_GROUPS)


def _buildkit_known(analysis: Analysis, user: CreatedUser) -> bool:
    """True when every variable in the user's name is an ARG/ENV the build knows."""
    visible = analysis.visible_vars(user.instruction)
    names = re.findall(r"\$\{?(\w+)", user.name)
    return all(n in visible for n in names)


def _fix(analysis: Analysis, image: _Image, user: CreatedUser, runs_as_created: bool):
    if image.later_runs:
        return None  # a stage built on this one still runs commands that may need root
    if runs_as_created:
        return None  # the stage already runs as another account the file creates: not replaced
    if not user.word.literal and "$" not in user.name:
        return None
    span, text = end_of_stage_insertion(analysis, image.stage, [f"USER {user.name}"])
    return Fix.unsafe(f"Append USER {user.name}", [Edit(span, text)])
