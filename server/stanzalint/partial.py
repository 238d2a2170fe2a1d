"""A parse and its analysis seen through some of their instructions or stages only.

The engine runs an instruction- or stage-scoped rule (``rules.base.Scope``) on the rows whose
findings it does not remember: the rule then sees ``dockerfile.instructions`` (``walk``,
``of_keyword``, ``of_keywords``), ``analysis.stages``, ``analysis.posix_runs`` (``posix_stage_runs``) and
``analysis.all_commands`` restricted to those, each worked out from them alone;
every other attribute and method (``stage_named``, ``shell_of``, ``final_stage``, the text)
answers for the whole file, as the facts a scoped rule reads from outside its rows must.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from stanzalint.analysis.model import Analysis, Stage
from stanzalint.syntax.model import Dockerfile, Instruction


class PartialDockerfile:
    """``whole`` with ``instructions`` (top-level ones, in document order) as its instructions."""

    def __init__(self, whole: Dockerfile, instructions: Sequence[Instruction]) -> None:
        self.whole = whole
        self.instructions = list(instructions)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.whole, name)

    # these instructions (and after each ONBUILD its inner one), and those of one keyword, indexed
    # once: each costs the instructions shown, not the whole file's
    walk = Dockerfile.walk
    keyword_positions = Dockerfile.keyword_positions
    _by_keyword = Dockerfile._by_keyword
    of_keyword = Dockerfile.of_keyword
    _of_keywords = Dockerfile._of_keywords
    of_keywords = Dockerfile.of_keywords


class PartialAnalysis:
    """``whole`` with ``stages`` as its stages and ``dockerfile`` as its parse."""

    def __init__(self, whole: Analysis, stages: Sequence[Stage], dockerfile: PartialDockerfile) -> None:
        self.whole = whole
        self.stages = list(stages)
        self.dockerfile = dockerfile

    def __getattr__(self, name: str) -> Any:
        return getattr(self.whole, name)

    # over these instructions and stages (read off them, not filtered out of the whole file's)
    posix_runs = Analysis.posix_runs
    posix_stage_runs = Analysis.posix_stage_runs
    all_commands = Analysis.all_commands


def restricted(
    dockerfile: Dockerfile, analysis: Analysis, instructions: Sequence[Instruction], stages: Sequence[Stage]
) -> tuple[PartialDockerfile, PartialAnalysis]:
    """The parse and analysis seen through ``instructions`` and ``stages``."""
    partial = PartialDockerfile(dockerfile, instructions)
    return partial, PartialAnalysis(analysis, stages, partial)
