"""What a rule works out from one RUN's shell commands, remembered by the RUN's text.

A stage rule that reads the words of every command of its stage re-runs, in the editor, on
every keystroke in the stage; most of its RUNs did not change. ``run_summary(analysis, ins,
summarise)`` hands back ``summarise(commands)`` for a RUN whose text, SHELL and escape character
were already summarised by the same function (in this lint or a recent one), so such a re-run
reads only the edited RUN's commands and joins the others' summaries.

A summary must be position-free and depend on the commands alone: names, words as strings,
flags; never a ``Word``, a ``ShellCommand`` or an offset (the same text elsewhere in the file,
or after an edit above it, gets the same summary).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from stanzalint.analysis.model import Analysis, ShellCommand
from stanzalint.lru import WeightedLRU
from stanzalint.syntax.model import Instruction

T = TypeVar("T")

#: Summaries of recently seen RUNs, by (summarising function, RUN text, keyword, SHELL, escape):
#: what decides the RUN's commands (``analysis.shell.cached_commands_of``) and what is made of
#: them. Bounded by the characters of the texts.
_SUMMARIES: WeightedLRU[tuple[Hashable, str, str, tuple[str, ...], str], object] = WeightedLRU(
    max_weight=512_000, weigh=lambda key, _summary: len(key[1]), max_entries=4096
)


def run_summary(analysis: Analysis, ins: Instruction, summarise: Callable[[list[ShellCommand]], T]) -> T:
    """``summarise`` of the shell commands of the RUN ``ins``, made once per RUN text, SHELL and
    escape character (``summarise`` must return a position-free value that is not None)."""
    text = analysis.dockerfile.text
    key = (
        summarise,
        text[ins.span.start : ins.span.end],
        ins.keyword,
        tuple(analysis.shell_of(ins)),
        analysis.dockerfile.escape,
    )
    found = _SUMMARIES.get(key)
    if found is None:
        found = summarise(analysis.commands(ins))
        _SUMMARIES.put(key, found)
    return found  # type: ignore[return-value]
