"""Commands: which RUNs a rule reads and their simple commands (file-wide, of one RUN, of a
stage), the tool a command runs, its subcommand, options and positional arguments, the
commands that verify a download or run a script the file does not show, the words of a
CMD or ENTRYPOINT, and ``command_rule`` (a rule that judges each command of each RUN)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, Callable

from stanzalint.analysis.model import Analysis, ShellCommand, Stage, Word
from stanzalint.analysis.shell import POSIX_SHELLS
from stanzalint.analysis.shell_command import has_option, option_values
from stanzalint.findings import Violation
from stanzalint.rules.base import Fact, RuleContext, Scope, rule
from stanzalint.rules.toolkit.stages import stage_body
from stanzalint.syntax.model import Instruction

__all__ = [
    "has_option",
    "option_values",
    "run_commands",
    "runs_running",
    "commands_of",
    "top_level",
    "name_word",
    "tool_of",
    "positionals",
    "first_positionals",
    "short_letters",
    "subcommand_and_rest",
    "later",
    "word_is_plain",
    "verifies_download",
    "runs_hidden_commands",
    "CHECKSUM_TOOLS",
    "stage_commands",
    "options_and_operands",
    "command_words",
    "CommandCheck",
    "command_rule",
    "JUDGED_NAMES",
]

_PIP = re.compile(r"pip(\d+(\.\d+)?)?$")
_PYTHON = re.compile(r"python(\d+(\.\d+)?)?$")

#: Programs that compute or check a file's checksum.
CHECKSUM_TOOLS = frozenset(
    {"sha256sum", "sha512sum", "sha384sum", "sha224sum", "sha1sum", "md5sum", "b2sum", "shasum", "cksum"}
)


# -- which RUNs and which commands ---------------------------------------------------------------


def run_commands(ctx: RuleContext, onbuild: bool = True) -> list[tuple[Instruction, list[ShellCommand]]]:
    """RUN instructions in document order (inner ``ONBUILD RUN`` too unless ``onbuild`` is
    False) with their simple commands, skipping those whose SHELL is not a POSIX shell. The
    analysis makes the list once for every rule: do not change it."""
    return ctx.analysis.posix_runs if onbuild else ctx.analysis.posix_stage_runs


def runs_running(ctx: RuleContext, names: AbstractSet[str]) -> Iterator[tuple[Instruction, list[ShellCommand]]]:
    """``run_commands(ctx)`` of the RUNs running a command named in ``names`` (``ShellCommand.name``):
    told by the names of each RUN's commands, read once per lint for every rule that asks
    (``LintFacts.run_command_names``), so that a rule about some commands passes over the others."""
    for run, present in zip(run_commands(ctx), ctx.lint.run_command_names):
        if not present.isdisjoint(names):
            yield run


def commands_of(analysis: Analysis, ins: Instruction) -> list[ShellCommand]:
    """The simple commands of one RUN (the effective instruction of an ONBUILD), or nothing."""
    eff = ins.effective
    if eff.keyword != "RUN":
        return []
    return analysis.commands(eff)


def top_level(commands: Sequence[ShellCommand]) -> list[ShellCommand]:
    """Commands the RUN script runs itself (not ``sh -c`` inner ones or substitutions)."""
    return [c for c in commands if not c.via_shell_c and not c.in_subshell]


# -- one command ---------------------------------------------------------------------------------


def name_word(cmd: ShellCommand) -> Word:
    """The word naming the effective command (``apt-get`` in ``sudo apt-get install``)."""
    return cmd.words[cmd.index]


def tool_of(cmd: ShellCommand) -> tuple[str, list[Word]]:
    """The tool a command runs, normalised, and the words after it (worked out once per
    command; the list is shared: do not change it).

    ``pip3.11``, ``python -m pip`` and ``python -mpip`` give ``pip``; ``apt`` gives ``apt-get``; ``mamba`` and
    ``micromamba`` keep their names (their clean commands differ). Others: the command name.
    """
    return cmd.classified(tool_of, _tool_of)


def _tool_of(cmd: ShellCommand) -> tuple[str, list[Word]]:
    name = cmd.name
    args = cmd.args
    if _PIP.match(name):
        return "pip", args
    if _PYTHON.match(name):
        values = [w.value for w in args]
        for i, v in enumerate(values):
            if v.startswith("-m") and (len(v) > 2 or i + 1 < len(values)):
                module, after = (v[2:], i + 1) if len(v) > 2 else (values[i + 1], i + 2)
                if module in ("pip", "pip3"):
                    return "pip", args[after:]
                if module in ("uv", "poetry", "pipenv", "conda"):
                    return module, args[after:]
                return "python", args
            if not v.startswith("-"):
                break
        return "python", args
    if name == "apt":
        return "apt-get", args
    return name, args


def positionals(words: Sequence[Word], with_value: Iterable[str] = ()) -> list[Word]:
    """Words that are not options nor values of the options in ``with_value``.

    ``--opt=value`` carries its value; a short option in ``with_value`` at the end of a cluster
    (``-qt release``) takes the next word. Everything after ``--`` is positional.
    """
    takes = frozenset(with_value)
    out: list[Word] = []
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


def first_positionals(words: Sequence[Word], count: int, takes_value: Sequence[str] = ()) -> list[str]:
    """The values of the first ``count`` positionals, padded with ``""`` to ``count``."""
    values = [w.value for w in positionals(words, takes_value)[:count]]
    return values + [""] * (count - len(values))


def short_letters(words: Sequence[Word], with_value: str = "") -> list[str]:
    """Single-letter options given in ``-abc`` clusters; a letter in ``with_value`` ends its
    cluster (the rest is its value: ``-qO-`` gives q and O)."""
    letters: list[str] = []
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


def subcommand_and_rest(words: Sequence[Word], with_value: Iterable[str] = ()) -> tuple[Word | None, list[Word]]:
    """The first positional of ``words`` (a subcommand) and every word after it."""
    pos = positionals(words, with_value)
    if not pos:
        return None, []
    sub = pos[0]
    return sub, [w for w in words if w.span.start > sub.span.start]


def later(cmds: Sequence[ShellCommand], cmd: ShellCommand) -> list[ShellCommand]:
    """The commands that come after ``cmd`` in the same RUN."""
    for i, c in enumerate(cmds):
        if c is cmd:
            return list(cmds[i + 1 :])
    return []


def word_is_plain(ctx: RuleContext, word: Word) -> bool:
    """The word stands in the document as written (not rebuilt from an exec-form JSON string)."""
    return ctx.source(word.span) == word.raw


# -- what a command does ---------------------------------------------------------------------------


def verifies_download(cmd: ShellCommand) -> bool:
    """``sha256sum -c``, ``gpg --verify``, ``gpgv``, ``cosign verify``, ``minisign -V``."""
    if cmd.name in CHECKSUM_TOOLS:
        return cmd.has_option("-c", "--check")
    if cmd.name in ("gpg", "gpg2"):
        return cmd.has_option("--verify")
    if cmd.name == "gpgv":
        return True
    if cmd.name == "cosign":
        return any(w.value.startswith("verify") for w in cmd.args[:1])
    if cmd.name == "minisign":
        return cmd.has_option("-V")
    return False


def runs_hidden_commands(cmd: ShellCommand) -> bool:
    """``cmd`` runs a script whose commands the file does not show (``./install.sh``,
    ``bash setup.sh``, ``/opt/tools/build``)."""
    if "/" in cmd.words[cmd.index].value or cmd.name.endswith(".sh"):
        return True
    if cmd.name in POSIX_SHELLS:
        operands = positionals(cmd.args)
        return bool(operands) and not any(w.value == "-c" for w in cmd.args)
    return False


def stage_commands(analysis: Analysis, stage: Stage) -> Iterator[tuple[Instruction, ShellCommand]]:
    """Every shell command of the stage's own RUN instructions, in order."""
    for ins in stage_body(stage):
        if ins.keyword == "RUN":
            for cmd in analysis.commands(ins):
                yield ins, cmd


def options_and_operands(cmd: ShellCommand, with_value: set[str]) -> tuple[list[Word], dict[str, str]]:
    """The operands of ``cmd`` and its options' values: ``--opt=v``, ``-o v`` for ``-o`` in
    ``with_value``, and a value written onto its letter (``-u1000``), as account and package
    tools take them. ``positionals`` is the word-list reading for everything else."""
    words: list[Word] = []
    options: dict[str, str] = {}
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


def command_words(ins: Instruction) -> list[str]:
    """The words of a CMD or ENTRYPOINT: the JSON array, or the shell form split on blanks."""
    return [t.value for t in ins.args] if ins.is_json else ins.rest.text.split()


# -- rules that judge one command at a time ------------------------------------------------------

#: What ``command_rule`` decorates: the findings about one command ``cmd`` of a RUN whose simple
#: commands are ``cmds`` (for the rules that look at a command's neighbours).
CommandCheck = Callable[[RuleContext, ShellCommand, list[ShellCommand]], Iterable[Violation]]


def command_rule(names: Iterable[str] | None = None, **declaration: Any) -> Callable[[CommandCheck], CommandCheck]:
    """``@rule`` for a rule that judges each simple command of each RUN on its own (``run_commands``):
    it takes ``@rule``'s keywords but ``scope``, which it declares itself (each finding lies in its
    RUN and depends on its text and the SHELL in effect, and on the facts of ``reads``, if any), and
    calls the decorated ``check(ctx, cmd, cmds)`` once per command, in document order.

    ``names``: the command names (``ShellCommand.name``) the check can find something in, when it
    finds nothing in any other command; only those commands are judged, and a RUN running none of
    them is passed over (``runs_running``). None (the default): every command is judged."""

    def register(judge: CommandCheck) -> CommandCheck:
        judged = None if names is None else frozenset(names)

        @functools.wraps(judge)
        def check(ctx: RuleContext) -> Iterator[Violation]:
            if judged is None:
                for _ins, cmds in run_commands(ctx):
                    for cmd in cmds:
                        yield from judge(ctx, cmd, cmds)
                return
            for _ins, cmds in runs_running(ctx, judged):
                for cmd in cmds:
                    if cmd.name in judged:
                        yield from judge(ctx, cmd, cmds)

        reads = (Fact.SHELL, *(Fact(fact) for fact in declaration.pop("reads", ())))
        rule(scope=Scope.INSTRUCTION, reads=reads, **declaration)(check)
        if judged is not None:
            JUDGED_NAMES[declaration["code"]] = judged
        return judge

    return register


#: rule code -> the command names a ``command_rule`` declared it judges (``names``)
JUDGED_NAMES: dict[str, frozenset[str]] = {}
