"""What a rule works out about one RUN from its commands alone, remembered by what decides those
commands (the RUN's text, keyword, the SHELL in effect, the escape character).

A stage-scoped rule (``rules.base.Scope.STAGE``) runs again on its whole stage after a keystroke
anywhere in it. Read through ``run_summary``, the RUNs the keystroke did not edit cost a lookup
instead of a walk through their commands (whose words, after the edit, are first moved to their
new offsets): the rule then re-does only the work about the edited RUN, and the join.

A summary must depend on the commands alone and hold no position: names, words as strings,
flags; never a ``Word``, a ``Span`` or a ``ShellCommand`` (the same text elsewhere in the file, or
after an edit above it, gets the same summary), and no one may change it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from stanzalint.analysis.model import Analysis, ShellCommand
from stanzalint.analysis.shell import commands_within
from stanzalint.lru import WeightedLRU
from stanzalint.syntax.model import Instruction
from stanzalint.syntax.moved import origin_and_delta

T = TypeVar("T")

#: A question asked of a RUN's commands (see ``run_summary``).
Summarise = Callable[[list[ShellCommand]], T]

#: (RUN text, keyword, SHELL, escape) -> each question's answer (as the shell parser's own memo
#: is keyed and bounded: the texts of a few large files; one copy of a text for every question)
_ANSWERS: WeightedLRU[tuple[str, str, tuple[str, ...], str], dict[Hashable, Any]] = WeightedLRU(
    max_weight=256_000, weigh=lambda key, _answers: len(key[0]), max_entries=2048
)
_MISSING = object()


def run_summary(analysis: Analysis, run: Instruction, summarise: Summarise[T]) -> T:
    """``summarise(analysis.commands(run))``, worked out once for every RUN with the same text,
    keyword, SHELL in effect and escape character, wherever it stands."""
    answers = _answers_of(analysis, run)
    answer = answers.get(summarise, _MISSING)
    if answer is _MISSING:
        commands = analysis.commands(run)
        answer = summarise(commands)
        if commands_within(commands, run.span):  # else text outside the RUN decides it too
            answers[summarise] = answer
    return answer  # type: ignore[no-any-return]


class _RunsOfText:
    """The answers of each RUN of one document text asked so far, by the RUN's id (with the
    RUN, whose id is then not reused, and its setting), and those of the RUNs an edit moved also
    by the id of the RUN they were moved from (``origin_and_delta``): the next text's RUNs that
    an edit left or moved have the same text, and find their answers there."""

    __slots__ = ("text", "answers", "by_origin", "earlier")

    def __init__(self, text: str, earlier: _RunsOfText | None = None) -> None:
        self.text = text
        self.answers: dict[int, _Asked] = {}
        self.by_origin: dict[int, _Asked] = {}
        #: the text asked about before this one: its RUNs by id and by origin (not its ``earlier``)
        self.earlier = (earlier.answers, earlier.by_origin) if earlier is not None else ({}, {})

    def carried(self, origin: Instruction, setting: _Setting) -> dict[Hashable, Any] | None:
        """The answers the text before this one has for ``origin`` (or the RUN it moved from it),
        when they were worked out under ``setting``."""
        by_id, by_origin = self.earlier
        before = by_id.get(id(origin)) or by_origin.get(id(origin))
        if before is not None and before[0] is origin and before[1] == setting:
            return before[2]
        return None


#: what decides a RUN's commands besides its text: its keyword, the SHELL in effect, the escape
_Setting = tuple[str, tuple[str, ...], str]

#: a RUN (or the RUN it was moved from), the setting it was asked under, its answers
_Asked = tuple[Instruction, _Setting, dict[Hashable, Any]]

#: the RUNs of the text asked about last: a lint asks several rules' questions of each RUN
_LAST_TEXT = _RunsOfText("")

#: one tuple per setting seen, shared by every RUN asked under it (what is remembered per RUN
#: then holds no tuples of its own); cleared when it grows past ``_MOST_SETTINGS``
_SETTINGS: dict[_Setting, _Setting] = {}
_MOST_SETTINGS = 256


def _answers_of(analysis: Analysis, run: Instruction) -> dict[Hashable, Any]:
    """The answers remembered for ``run``'s text, keyword, SHELL and escape character: looked up
    once per RUN of a text (a RUN's text cut out and hashed once, not by every rule); a RUN the
    last edit left or moved takes those of the RUN it comes from, when its SHELL and escape
    character are the same (its text is: an edit moves the instructions after it unchanged)."""
    global _LAST_TEXT
    text = analysis.dockerfile.text
    last = _LAST_TEXT
    if last.text is not text:
        last = _LAST_TEXT = _RunsOfText(text, last)
    found = last.answers.get(id(run))
    if found is not None and found[0] is run:
        return found[2]
    origin = origin_and_delta(run, 0)[0]
    setting = _shared_setting(analysis, run)
    answers = last.carried(origin, setting)
    if answers is None:
        answers = _answers_by_text(text, run, setting)
    last.answers[id(run)] = (run, setting, answers)
    if origin is not run:
        last.by_origin[id(origin)] = (origin, setting, answers)
    return answers


def _shared_setting(analysis: Analysis, run: Instruction) -> _Setting:
    """``run``'s keyword, SHELL and escape character, as the one tuple kept for that setting."""
    setting = (run.keyword, tuple(analysis.shell_of(run)), analysis.dockerfile.escape)
    shared = _SETTINGS.get(setting)
    if shared is None:
        if len(_SETTINGS) >= _MOST_SETTINGS:
            _SETTINGS.clear()
        shared = _SETTINGS[setting] = setting
    return shared


def _answers_by_text(text: str, run: Instruction, setting: _Setting) -> dict[Hashable, Any]:
    """The answers remembered for ``run``'s text in ``text`` with ``setting``, made empty for
    a text not seen yet."""
    span = run.span
    key = (text[span.start : span.end], *setting)
    answers = _ANSWERS.get(key)
    if answers is None:
        answers = {}
        _ANSWERS.put(key, answers)
    return answers


def run_summaries(analysis: Analysis, runs: Iterable[Instruction], summarise: Summarise[T]) -> list[T]:
    """``run_summary`` of each of ``runs``."""
    return [run_summary(analysis, run, summarise) for run in runs]


def posix_runs_where(
    analysis: Analysis, summarise: Summarise[T | None]
) -> list[tuple[Instruction, list[ShellCommand], T]]:
    """``analysis.posix_runs`` (every RUN, ONBUILD ones too, under a POSIX shell, with its
    commands) of the RUNs whose summary (``run_summary``) is true, each with that summary: a rule
    that has something to say only about RUNs with a certain command reads, after a keystroke,
    the commands of those RUNs only, and not those of every RUN the edit moved."""
    answers: dict[int, T] = {}
    runs: list[Instruction] = []
    for run in analysis.dockerfile.of_keyword("RUN"):
        answer = run_summary(analysis, run, summarise)
        if answer:
            answers[id(run)] = answer
            runs.append(run)
    return [(run, commands, answers[id(run)]) for run, commands in analysis.posix_runs_of(runs)]
