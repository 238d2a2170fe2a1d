"""A parse and its analysis seen through some of their instructions or stages only.

The engine runs an instruction- or stage-scoped rule (``rules.base.Scope``) on the rows whose
findings it does not remember: the rule then sees ``dockerfile.instructions`` (and ``walk``),
``analysis.stages``, ``analysis.posix_runs`` and ``analysis.all_commands`` restricted to those;
every other attribute and method (``stage_named``, ``shell_of``, ``final_stage``, the text)
answers for the whole file, as the facts a scoped rule reads from outside its rows must.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import Any

from stanzalint.analysis.model import Analysis, ShellCommand, Stage
from stanzalint.syntax.model import Dockerfile, Instruction


class PartialDockerfile:
    """``whole`` with ``instructions`` (top-level ones, in document order) as its instructions."""

    def __init__(self, whole: Dockerfile, instructions: Sequence[Instruction]) -> None:
        self.whole = whole
        self.instructions = list(instructions)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.whole, name)

    def of_keyword(self, keyword: str) -> list[Instruction]:
        """The whole file's instructions of that keyword that belong to these instructions."""
        mine = {id(ins) for ins in self.instructions}
        return [ins for ins in self.whole.of_keyword(keyword) if id(ins.parent or ins) in mine]

    def walk(self) -> Iterator[Instruction]:
        """These instructions, and after each ONBUILD its inner instruction."""
        for ins in self.instructions:
            yield ins
            if ins.inner is not None:
                yield ins.inner


class PartialAnalysis:
    """``whole`` with ``stages`` as its stages and ``dockerfile`` as its parse."""

    def __init__(self, whole: Analysis, stages: Sequence[Stage], dockerfile: PartialDockerfile) -> None:
        self.whole = whole
        self.stages = list(stages)
        self.dockerfile = dockerfile

    def __getattr__(self, name: str) -> Any:
        return getattr(self.whole, name)

    @cached_property
    def posix_runs(self) -> list[tuple[Instruction, list[ShellCommand]]]:
        """The whole file's ``posix_runs`` that belong to these instructions (only their
        commands are asked for)."""
        return self.whole.posix_runs_of(self.dockerfile.of_keyword("RUN"))

    @cached_property
    def posix_stage_runs(self) -> list[tuple[Instruction, list[ShellCommand]]]:
        """``posix_runs`` without the ONBUILD ones."""
        return [(ins, cmds) for ins, cmds in self.posix_runs if ins.parent is None]

    all_commands = Analysis.all_commands  # over these stages


def restricted(
    dockerfile: Dockerfile, analysis: Analysis, instructions: Sequence[Instruction], stages: Sequence[Stage]
) -> tuple[PartialDockerfile, PartialAnalysis]:
    """The parse and analysis seen through ``instructions`` and ``stages``."""
    partial = PartialDockerfile(dockerfile, instructions)
    return partial, PartialAnalysis(analysis, stages, partial)
