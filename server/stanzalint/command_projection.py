"""What a rule that reads only some shell commands sees of an instruction: its projection.

A stage-scoped rule may declare the commands whose words it reads (``reads_commands`` on
``rules.base.rule``). Its findings about a stage then depend on each instruction's projection,
not its whole text: a non-RUN instruction's text; for a RUN, its text with every command cut out
(what stays: the keyword, flags, operators, comments, heredoc markers and what of a heredoc body
no command covers) and how its script ends (whether a command can be appended after it), and
each command in order, as the analysis splits it: its place (connector,
pipes, subshell, condition, ``sh -c``, heredoc) and, for a declared command only, its name, its
words and its text. Typing inside the arguments of an undeclared command leaves the projection
as it was, so the findings stay and move with their instructions (``relocation``).

A rule that reads more of every command than its words' places, but less than their words, also
declares a summary (``reads_runs`` on ``rules.base.rule``: a function of a RUN's commands, as
``rules.toolkit.run_summaries`` asks it): the projection then holds the summary too, and typing
that leaves the summary as it was keeps the findings all the same.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Sequence
from typing import NamedTuple

from stanzalint.analysis.model import Analysis, ShellCommand
from stanzalint.rules.toolkit.edits import script_ending
from stanzalint.rules.toolkit.run_summaries import run_summary
from stanzalint.syntax.model import Instruction

#: stands for a stretch of a RUN's text that commands cover
CUT = "\0"


class CommandReads(NamedTuple):
    """What a stage rule reads of a RUN's commands: the words of the commands ``names``, and
    what ``summarise`` (if any) tells of all of them (``rules.base.RuleMeta.reads_runs``)."""

    names: tuple[str, ...]
    summarise: Callable[[list[ShellCommand]], Hashable] | None = None


def projection(
    instruction: Instruction, text: str, commands: Sequence[ShellCommand], declared: frozenset[str]
) -> Hashable:
    """What a rule reading only the ``declared`` commands sees of a RUN whose text is ``text``
    and whose commands are ``commands``: its text with the commands cut out, how its script
    ends and each command's place (``layout``), and each declared command's name, words
    and text (``declared_commands``)."""
    return layout(instruction, text, commands), declared_commands(instruction, text, commands, declared)


def layout(instruction: Instruction, text: str, commands: Sequence[ShellCommand]) -> Hashable:
    """What every rule reading only some commands sees of a RUN, whichever it reads: its text
    with the commands cut out, how its script ends (``script_ending``), and each command's place. A
    command lying outside the instruction's text keeps the whole text."""
    start = instruction.span.start
    cuts: list[tuple[int, int]] = []
    for cmd in commands:
        lo, hi = cmd.span.start - start, cmd.span.end - start
        if lo < 0 or hi > len(text):
            return "whole", text
        if cuts and lo <= cuts[-1][1]:
            cuts[-1] = (cuts[-1][0], max(hi, cuts[-1][1]))
        else:
            cuts.append((lo, hi))
    kept, at = [], 0
    for lo, hi in cuts:
        kept.append(text[at:lo])
        at = hi
    kept.append(text[at:])
    return CUT.join(kept), script_ending(instruction, commands), tuple(map(_place, commands))


def declared_commands(
    instruction: Instruction, text: str, commands: Sequence[ShellCommand], declared: frozenset[str]
) -> tuple[Hashable, ...]:
    """Each ``declared`` command of a RUN (``layout``): where it stands among the commands, its
    name, words and text (none when a command lies outside the RUN's text: the layout holds
    the whole text)."""
    start = instruction.span.start
    found = []
    for k, cmd in enumerate(commands):
        if cmd.name in declared:
            lo, hi = cmd.span.start - start, cmd.span.end - start
            if lo < 0 or hi > len(text):
                return ()
            words = tuple((w.value, w.raw, w.quoted, w.literal) for w in cmd.words)
            assignments = tuple((w.value, w.raw, w.quoted, w.literal) for w in cmd.assignments)
            found.append((k, cmd.name, cmd.index, words, assignments, text[lo:hi]))
    return tuple(found)


def _place(cmd: ShellCommand) -> Hashable:
    """A command's place in its RUN."""
    return (
        cmd.connector,
        cmd.pipe_next,
        cmd.pipe_prev,
        cmd.pipeline_position,
        cmd.in_subshell,
        cmd.in_condition,
        cmd.via_shell_c,
        cmd.heredoc,
    )


class RecentLints:
    """Values remembered by key while one of the last ``lints`` lints of a document used them:
    typing a word and erasing it brings back texts a few lints old, whose values then cost a
    lookup instead of being made again; what no recent lint used is let go. One table holds
    each value with the last lint that used it, so a lookup costs one probe, found or not."""

    def __init__(self, lints: int) -> None:
        self._lints = lints
        self._lint = 0  # the current lint's number
        self._values: dict[Hashable, tuple[Hashable, int]] = {}  # key -> value, the last lint using it
        self._used: deque[list[Hashable]] = deque([[]])  # by lint, oldest first: the keys it used

    def next_lint(self) -> None:
        """Start remembering for a new lint; the values the oldest lint used last are let go."""
        self._lint += 1
        self._used.append([])
        if len(self._used) > self._lints:
            oldest, values = self._lint - self._lints, self._values
            for key in self._used.popleft():
                found = values.get(key)
                if found is not None and found[1] == oldest:  # no later lint used it
                    del values[key]

    def get(self, key: Hashable) -> Hashable | None:
        """The value for ``key`` the most recent of the lints remembered, or None."""
        found = self._values.get(key)
        if found is None:
            return None
        if found[1] != self._lint:
            self.put(key, found[0])
        return found[0]

    def put(self, key: Hashable, value: Hashable) -> None:
        """Remember ``value`` for ``key`` as used by the current lint."""
        self._values[key] = value, self._lint
        self._used[-1].append(key)


#: How many lints a projection is remembered through: typing a word of three letters and
#: erasing it comes back to the text of six lints before.
REMEMBERED_LINTS = 8


class Projections:
    """Each RUN's projection for each set of declared commands, remembered by the RUN's text,
    shell and escape character, and each stage's by the token of its text (what a row key
    holds for it) and the SHELL its first instruction starts with (which decides its RUNs'),
    while one of the last ``REMEMBERED_LINTS`` lints used it: an unchanged instruction or stage,
    or one an edit brought back as it was a few lints before, costs a lookup. A RUN's layout
    (``layout``), the same for every set, is made once.

    The parts of a projection stand as ``token_of`` their values (the memo's ``Tokens.of``: one
    object for equal values while anything holds it): a stage's projection, made of its RUNs',
    then hashes and compares at once, with no text written out for it."""

    def __init__(self, token_of: Callable[[Hashable], Hashable]) -> None:
        self._token_of = token_of
        self._runs = RecentLints(REMEMBERED_LINTS)
        self._stages = RecentLints(REMEMBERED_LINTS)

    def next_lint(self) -> None:
        self._runs.next_lint()
        self._stages.next_lint()

    def stage(self, declared: CommandReads, token: Hashable) -> Hashable | None:
        """The projection for ``declared`` remembered for the stage whose text and starting
        SHELL ``token`` stands for (the memo's projected text and the token of the stage's
        value: ``LintRows.projected_row_tokens``), or None."""
        return self._stages.get((declared, token))

    def remember_stage(self, declared: CommandReads, token: Hashable, projection: Hashable) -> None:
        self._stages.put((declared, token), projection)

    def of(
        self,
        analysis: Analysis,
        instruction: Instruction,
        text: str,
        shell: Hashable,
        escape: str,
        reads: CommandReads | None,
    ) -> Hashable:
        """The projection for ``reads`` of ``instruction``, a RUN whose text is ``text``, with
        ``shell`` (the SHELL in effect) and the file's ``escape`` character: the token of its
        layout, with the token of its declared commands when it has some. With a summary, the
        projection of the same commands without it (shared by every summary of the RUN) and the
        token of the summary. None for ``reads``: the layout alone."""
        key = (reads, text, shell, escape)
        found = self._runs.get(key)
        if found is None:
            found = self._made(analysis, instruction, text, shell, escape, reads)
            self._runs.put(key, found)
        return found

    def _made(
        self,
        analysis: Analysis,
        instruction: Instruction,
        text: str,
        shell: Hashable,
        escape: str,
        reads: CommandReads | None,
    ) -> Hashable:
        token_of = self._token_of
        if reads is None:
            return token_of(layout(instruction, text, analysis.commands(instruction)))
        if reads.summarise is not None:  # the summary remembered by text, as the check asks it
            plain = self.of(analysis, instruction, text, shell, escape, CommandReads(reads.names))
            return plain, token_of(run_summary(analysis, instruction, reads.summarise))
        shared = self.of(analysis, instruction, text, shell, escape, None)
        declared = declared_commands(instruction, text, analysis.commands(instruction), frozenset(reads.names))
        return (shared, token_of(declared)) if declared else shared
