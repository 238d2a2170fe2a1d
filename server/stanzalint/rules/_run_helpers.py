"""Shared helpers for the rules about commands inside RUN (package managers, shell usage).

Everything reads the syntax and analysis models: RUN instructions (ONBUILD inner ones
included), the simple commands the shell parser found in them, their positional arguments,
``--mount`` targets, and the edits that fixes make (insert a flag, append to a RUN).
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator, List, Optional, Sequence, Tuple

from stanzalint.analysis.model import ShellCommand, Stage, Word
from stanzalint.findings import Edit
from stanzalint.rules.base import RuleContext
from stanzalint.syntax.model import Instruction, Span

_PIP = re.compile(r"pip(\d+(\.\d+)?)?$")
_PYTHON = re.compile(r"python(\d+(\.\d+)?)?$")


# -- instructions and commands ------------------------------------------------------------


def run_commands(ctx: RuleContext, onbuild: bool = True) -> List[Tuple[Instruction, List[ShellCommand]]]:
    """RUN instructions in document order (inner ``ONBUILD RUN`` too unless ``onbuild`` is
    False) with their simple commands, skipping those whose SHELL is not a POSIX shell. The
    analysis makes the list once for every rule: do not change it."""
    return ctx.analysis.posix_runs if onbuild else ctx.analysis.posix_stage_runs


def stage_runs(ctx: RuleContext, stage: Stage) -> Iterator[Instruction]:
    """The stage's own RUN instructions (not ONBUILD ones), POSIX shells only."""
    for ins in stage.instructions:
        if ins.keyword == "RUN" and (ins.is_json or ctx.analysis.is_posix_shell(ins)):
            yield ins


def name_word(cmd: ShellCommand) -> Word:
    """The word naming the effective command (``apt-get`` in ``sudo apt-get install``)."""
    return cmd.words[cmd.index]


def positionals(words: Sequence[Word], with_value: Iterable[str] = ()) -> List[Word]:
    """Words that are not options nor values of the options in ``with_value``.

    ``--opt=value`` carries its value; a short option in ``with_value`` at the end of a cluster
    (``-qt release``) takes the next word. Everything after ``--`` is positional.
    """
    takes = frozenset(with_value)
    out: List[Word] = []
    skip = False
    rest = False
    for w in words:
        v = w.value
        if skip:
            skip = False
            continue
        if rest:
            out.append(w)
            continue
        if v == "--":
            rest = True
            continue
        if v.startswith("--"):
            if "=" not in v and v in takes:
                skip = True
            continue
        if v.startswith("-") and len(v) > 1:
            if v in takes:
                skip = True
            elif len(v) > 2 and "=" not in v and ("-" + v[-1]) in takes and v[1:].isalpha():
                skip = True
            continue
        out.append(w)
    return out


def short_letters(words: Sequence[Word], with_value: str = "") -> List[str]:
    """Single-letter options given in ``-abc`` clusters; a letter in ``with_value`` ends its
    cluster (the rest is its value: ``-qO-`` gives q and O)."""
    letters: List[str] = []
    for w in words:
        v = w.value
        if v == "--":
            break
        if not v.startswith("-") or v.startswith("--") or len(v) < 2:
            continue
        for ch in v[1:]:
            letters.append(ch)
            if ch in with_value:
                break
    return letters


def pip_install(cmd: ShellCommand) -> Optional[Tuple[Word, List[Word]]]:
    """For ``pip install ...`` / ``python -m pip install ...``: the ``install`` word and the
    words after it; None for anything else."""
    args = cmd.args
    if _PIP.match(cmd.name):
        rest = args
    elif _PYTHON.match(cmd.name):
        values = [w.value for w in args]
        at = None
        for i, v in enumerate(values):
            if v == "-m" and i + 1 < len(values):
                if values[i + 1] in ("pip", "pip3"):
                    at = i + 2
                break
            if v.startswith("-m") and len(v) > 2:
                if v[2:] in ("pip", "pip3"):
                    at = i + 1
                break
            if not v.startswith("-"):
                break
        if at is None:
            return None
        rest = args[at:]
    else:
        return None
    pos = positionals(rest, PIP_GLOBAL_WITH_VALUE)
    if not pos or pos[0].value != "install":
        return None
    install = pos[0]
    return install, [w for w in rest if w.span.start > install.span.start]


PIP_GLOBAL_WITH_VALUE = ("--log", "--proxy", "--retries", "--timeout", "--exists-action",
                         "--cert", "--client-cert", "--cache-dir", "--python", "--keyring-provider",
                         "--use-feature", "--use-deprecated")


def subcommand_and_rest(cmd: ShellCommand, with_value: Iterable[str] = ()) -> Tuple[Optional[Word], List[Word]]:
    """The first positional argument (the subcommand) and every argument after it."""
    pos = positionals(cmd.args, with_value)
    if not pos:
        return None, []
    sub = pos[0]
    return sub, [w for w in cmd.args if w.span.start > sub.span.start]


def later(cmds: Sequence[ShellCommand], cmd: ShellCommand) -> List[ShellCommand]:
    """The commands that come after ``cmd`` in the same RUN."""
    for i, c in enumerate(cmds):
        if c is cmd:
            return list(cmds[i + 1 :])
    return []


# -- mounts and removed paths ---------------------------------------------------------------


def mount_targets(ins: Instruction, types: Sequence[str] = ("cache", "tmpfs")) -> List[str]:
    """Targets of the RUN's ``--mount`` flags of the given types, trailing slashes removed."""
    out: List[str] = []
    for flag in ins.flags_named("mount"):
        kind = "bind"
        target = None
        for part in (flag.value or "").split(","):
            key, _, value = part.partition("=")
            key = key.strip().lower()
            if key == "type":
                kind = value.strip().lower()
            elif key in ("target", "dst", "destination"):
                target = value.strip().strip('"').strip("'")
        if target and kind in types:
            out.append(target.rstrip("/") or "/")
    return out


def _norm(path: str) -> str:
    p = path.strip("\"'")
    while p.endswith("/*") or p.endswith("/"):
        p = p[:-2] if p.endswith("/*") else p[:-1]
    return p or "/"


def covers(path: str, directory: str) -> bool:
    """True when removing or mounting ``path`` takes care of ``directory``: the same
    directory (``/var/lib/apt/lists/*`` counts) or a parent of it."""
    p = _norm(path)
    d = _norm(directory)
    return d == p or d.startswith(p.rstrip("/") + "/")


def mounted(ins: Instruction, *directories: str) -> bool:
    """A cache or tmpfs mount covers one of the directories."""
    return any(covers(t, d) for t in mount_targets(ins) for d in directories)


def removes(cmds: Sequence[ShellCommand], *directories: str) -> bool:
    """An ``rm`` among ``cmds`` deletes one of the directories (or its contents)."""
    for c in cmds:
        if c.name != "rm":
            continue
        for w in positionals(c.args):
            if any(covers(path, d) for path in expand_braces(w.value) for d in directories):
                return True
    return False


# -- edits ----------------------------------------------------------------------------------


def insert_after(word: Word, text: str) -> Edit:
    """Insert `` text`` right after a word."""
    return Edit(Span(word.span.end, word.span.end), " " + text)


def word_is_plain(ctx: RuleContext, word: Word) -> bool:
    """The word stands in the document as written (not rebuilt from an exec-form JSON string)."""
    return ctx.source(word.span) == word.raw


def append_point(ctx: RuleContext, ins: Instruction, cmds: Sequence[ShellCommand]) -> Optional[int]:
    """Where `` && more`` can be appended to a shell-form RUN so it runs after the whole
    script: after its last character, when the script ends with a command (no trailing
    operator, comment or heredoc). None when there is no such place."""
    if ins.is_json or ins.heredocs or not cmds:
        return None
    rest = ins.rest
    text = rest.text.rstrip()
    if not text or text[-1] in ";&|\\`":
        return None
    end = rest.doc_offset(len(text) - 1) + 1
    last_cmd_end = max(c.span.end for c in cmds)
    tail = ctx.text[last_cmd_end:end] if last_cmd_end <= end else ""
    if "#" in tail:
        return None
    return end


def append_edit(ctx: RuleContext, ins: Instruction, cmds: Sequence[ShellCommand], command: str) -> Optional[Edit]:
    """An edit appending `` && command`` to the RUN, or None when it cannot be placed."""
    at = append_point(ctx, ins, cmds)
    if at is None:
        return None
    return Edit(Span(at, at), f" && {command}")


# -- package managers -------------------------------------------------------------------------

APT_WITH_VALUE = ("-o", "-c", "-t", "-a", "--option", "--config-file", "--target-release",
                  "--default-release", "--host-architecture",
                  "-F", "--display-format", "-w", "--width", "-O", "--sort")  # the last: aptitude's
#: apt's command-line installers that share apt-get's install syntax (``apt`` is DL3027's).
APT_INSTALLERS = ("apt-get", "aptitude")


def apt_get(cmd: ShellCommand, *subcommands: str) -> Optional[Tuple[Word, List[Word]]]:
    """For ``apt-get <sub> ...`` (or ``aptitude <sub> ...``) with ``sub`` in ``subcommands``:
    the subcommand word and the words after it."""
    if cmd.name not in APT_INSTALLERS:
        return None
    sub, rest = subcommand_and_rest(cmd, APT_WITH_VALUE)
    if sub is None or sub.value not in subcommands:
        return None
    return sub, rest


def judgeable(word: Word) -> bool:
    """False for a word whose value comes from a variable (``$PACKAGES``): the build decides
    what it holds, so whether it is pinned cannot be told."""
    return word.literal or "$" not in word.value


PIP_INSTALL_WITH_VALUE = PIP_GLOBAL_WITH_VALUE + (
    "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url",
    "--extra-index-url", "-f", "--find-links", "--trusted-host", "-t", "--target", "--prefix",
    "--root", "--src", "--upgrade-strategy", "--progress-bar", "--platform", "--python-version",
    "--implementation", "--abi", "--global-option", "--install-option", "-C", "--config-settings",
    "--no-binary", "--only-binary", "--report", "--root-user-action", "--group")

APK_WITH_VALUE = ("-t", "--virtual", "-X", "--repository", "-p", "--root", "--keys-dir",
                  "--repositories-file", "--arch", "--cache-dir", "--cache-max-age", "--wait")


def apk_add(cmd: ShellCommand) -> Optional[Tuple[Word, List[Word]]]:
    """For ``apk add ...``: the ``add`` word and the words after it."""
    if cmd.name != "apk":
        return None
    sub, rest = subcommand_and_rest(cmd, APK_WITH_VALUE)
    if sub is None or sub.value != "add":
        return None
    return sub, rest

RPM_WITH_VALUE = ("-c", "--config", "--installroot", "--releasever", "-x", "--exclude", "--repo",
                  "--repoid", "--enablerepo", "--disablerepo", "--setopt", "-d", "--debuglevel",
                  "-e", "--errorlevel", "--downloaddir", "--destdir", "--forcearch", "--repofrompath",
                  "--rpmverbosity", "--color", "--advisory", "--cve", "--secseverity")
RPM_INSTALLS = ("install", "groupinstall", "localinstall")
# Subcommands that download packages into the cache: installs, reinstalls and upgrades.
RPM_DOWNLOADS = RPM_INSTALLS + ("reinstall", "upgrade", "upgrade-minimal")
# dnf's short and older spellings of a subcommand (yum shares ``update``).
RPM_ALIASES = {"in": "install", "rei": "reinstall", "up": "upgrade", "update": "upgrade",
               "up-min": "upgrade-minimal", "update-minimal": "upgrade-minimal"}


def rpm_subcommand(word: Word) -> str:
    """The subcommand ``word`` names, aliases resolved (``in`` -> ``install``)."""
    return RPM_ALIASES.get(word.value, word.value)


def rpm_install(cmd: ShellCommand, tools: Sequence[str],
                subcommands: Sequence[str] = RPM_INSTALLS) -> Optional[Tuple[Word, List[Word]]]:
    """For ``yum|dnf|microdnf <sub> ...`` (tool in ``tools``, ``sub`` or its alias in
    ``subcommands``; ``module <sub>`` too): the subcommand word and the words after it."""
    if cmd.name not in tools:
        return None
    sub, rest = subcommand_and_rest(cmd, RPM_WITH_VALUE)
    if sub is not None and sub.value == "module":
        sub, rest = rpm_module_subcommand(rest)
    if sub is None or rpm_subcommand(sub) not in subcommands:
        return None
    return sub, rest


def rpm_module_subcommand(words: Sequence[Word]) -> Tuple[Optional[Word], List[Word]]:
    """In the words after ``module``: the module subcommand (``install``) and the words after it."""
    pos = positionals(words, RPM_WITH_VALUE)
    if not pos:
        return None, []
    return pos[0], [w for w in words if w.span.start > pos[0].span.start]


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
    """A ``<tool> clean ...`` among ``cmds``."""
    for c in cmds:
        if c.name in tools:
            pos = positionals(c.args, RPM_WITH_VALUE)
            if pos and pos[0].value in ("clean", "cc"):
                return True
    return False

ZYPPER_WITH_VALUE = ("-t", "--type", "-r", "--repo", "--from", "-R", "--root", "-D", "--reposd-dir",
                     "-C", "--cache-dir", "--raw-cache-dir", "--solv-cache-dir", "--pkg-cache-dir",
                     "-c", "--config", "--userdata")


def zypper_sub(cmd: ShellCommand, *subcommands: str) -> Optional[Tuple[Word, List[Word]]]:
    if cmd.name != "zypper":
        return None
    sub, rest = subcommand_and_rest(cmd, ZYPPER_WITH_VALUE)
    if sub is None or sub.value not in subcommands:
        return None
    return sub, rest


def stage_groups(ctx: RuleContext) -> List[Tuple[Optional[Stage], List[Instruction]]]:
    """Instructions grouped by stage; instructions before the first FROM (a fragment meant to
    be included elsewhere) form a group of their own with no stage."""
    groups: List[Tuple[Optional[Stage], List[Instruction]]] = []
    first_from = next((i for i, ins in enumerate(ctx.dockerfile.instructions) if ins.keyword == "FROM"), None)
    leading = ctx.dockerfile.instructions[:first_from] if first_from is not None else ctx.dockerfile.instructions
    if leading:
        groups.append((None, list(leading)))
    for stage in ctx.analysis.stages:
        groups.append((stage, stage.instructions))
    return groups


def expand_braces(value: str) -> List[str]:
    """``/var/lib/{apt,dpkg}/`` -> ``/var/lib/apt/``, ``/var/lib/dpkg/`` (one level is enough
    for the cleanup paths people write)."""
    m = re.search(r"\{([^{}]*,[^{}]*)\}", value)
    if m is None:
        return [value]
    return [value[: m.start()] + part + value[m.end() :] for part in m.group(1).split(",")]
