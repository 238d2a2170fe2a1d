"""Answers "is this finding suppressed at this place?" from the file's suppression pragmas.

The pragmas are read by ``stanzalint.syntax.pragmas`` (which lists every form honoured) once per
parsed file, as ``Dockerfile.pragmas``; the names below are kept for the callers of this module.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

from stanzalint.syntax.model import Comment, Dockerfile, Instruction
from stanzalint.syntax.pragmas import (
    BuildCheckSettings,
    Pragma,
    PragmaCode,
    build_check_settings,
    check_options,
    hadolint_shell,
)

__all__ = [
    "BuildCheckSettings",
    "Pragma",
    "PragmaCode",
    "Suppressions",
    "build_check_settings",
    "check_options",
    "hadolint_shell",
    "instruction_checks",
    "parse_pragmas",
]


def parse_pragmas(dockerfile: Dockerfile) -> list[Pragma]:
    """Every suppression pragma in the file, in order: ``dockerfile.pragmas``."""
    return dockerfile.pragmas


def instruction_checks(dockerfile: Dockerfile) -> dict[int, tuple[Comment, BuildCheckSettings]]:
    """BuildKit's per-instruction ``# check=`` comments: ``dockerfile.instruction_checks``."""
    return dockerfile.instruction_checks


class Suppressions:
    """Answers "is this code suppressed at this place?" for one file.

    A code's names (``names_of``) are worked out once per code; ``everywhere`` answers for the
    whole file (global pragmas), ``here`` for one place (the pragmas of an instruction or a
    stage), and ``placed`` says whether the file has any of the latter at all."""

    def __init__(self, dockerfile: Dockerfile, stage_ranges: Callable[[], Sequence[tuple[int, int]]], resolve) -> None:
        """``stage_ranges``: gives the (start offset, end offset) of each stage, asked only when
        the file has a pragma about a stage; ``resolve`` maps a selector to the set of codes it
        stands for (the registry's ``resolve``)."""
        self._global: set[str] = set()
        self._by_instruction: dict[int, set[str]] = {}
        by_stage: dict[int, set[str]] = {}
        self._stage_ranges: list[tuple[int, int]] = []
        if any(pragma.scope == "stage" for pragma in dockerfile.pragmas):
            self._stage_ranges = list(stage_ranges())
        self.pragmas = dockerfile.pragmas
        instructions = dockerfile.instructions
        starts: list[int] | None = None  # read only for a pragma about the next instruction
        for pragma in self.pragmas:
            if pragma.tool == "buildkit" and pragma.scope == "next":
                continue  # an instruction's own ``# check=``: the engine judges build checks by it
            codes: set[str] = set()
            for code in pragma.codes:
                if pragma.tool == "buildkit" and code.text.lower() == "all":
                    continue  # handled by BuildCheckSettings
                codes |= resolve(code.text)
                codes.add(code.text.upper())
            if pragma.scope == "global":
                self._global |= codes
            elif pragma.scope == "stage":
                stage = self._stage_index(pragma.span.start)
                by_stage.setdefault(stage, set()).update(codes)
            else:
                if starts is None:
                    starts = [ins.span.start for ins in instructions]
                i = bisect.bisect_left(starts, pragma.span.end)
                # a comment inside an instruction (continuation) applies to that instruction
                if i > 0 and instructions[i - 1].span.end >= pragma.span.end:
                    i -= 1
                if i < len(instructions):
                    self._by_instruction.setdefault(instructions[i].span.start, set()).update(codes)
        #: (start, end, codes) of each stage that has a stage pragma
        self._by_stage = [
            (*self._stage_ranges[i], codes) for i, codes in by_stage.items() if 0 <= i < len(self._stage_ranges)
        ]
        self.placed = bool(self._by_instruction or self._by_stage)
        #: every code a pragma placed at an instruction or a stage names
        self._placed_codes: set[str] = set().union(*self._by_instruction.values(), *(c for _s, _e, c in self._by_stage))

    @property
    def named(self) -> tuple[frozenset[str], frozenset[str]]:
        """All that ``everywhere`` and ``placed_may_name`` read: the codes the global pragmas name,
        and those the pragmas placed at an instruction or a stage name."""
        return frozenset(self._global), frozenset(self._placed_codes)

    def _stage_index(self, offset: int) -> int:
        index = -1
        for i, (start, _end) in enumerate(self._stage_ranges):
            if start <= offset:
                index = i
        # a stage pragma just above a FROM belongs to that FROM's stage
        for i, (start, _end) in enumerate(self._stage_ranges):
            if offset < start:
                between_is_blank = index < 0 or self._stage_ranges[index][1] <= offset
                if between_is_blank:
                    return i
                break
        return index

    @staticmethod
    def names_of(code: str, aliases: Sequence[str]) -> frozenset[str]:
        """The names a pragma can suppress ``code`` by: the code and its aliases in upper case."""
        return frozenset((code, *(a.upper() for a in aliases)))

    def everywhere(self, code: str, names: frozenset[str]) -> bool:
        """Whether a global pragma suppresses ``code`` (``names``: ``names_of`` it) in the whole file."""
        return bool(names & self._global) or _prefix_hit(code, self._global)

    def placed_may_name(self, code: str, names: frozenset[str]) -> bool:
        """Whether a pragma placed at an instruction or a stage names ``code`` (``names``:
        ``names_of`` it): else ``here`` is False for it everywhere."""
        return bool(names & self._placed_codes) or _prefix_hit(code, self._placed_codes)

    def here(self, code: str, names: frozenset[str], instruction: Instruction | None, offset: int) -> bool:
        """Whether a pragma of ``instruction`` or of the stage around ``offset`` suppresses ``code``."""
        if instruction is not None:
            codes = self._by_instruction.get(instruction.span.start)
            if codes and (names & codes or _prefix_hit(code, codes)):
                return True
        for start, end, codes in self._by_stage:
            if start <= offset <= end and (names & codes or _prefix_hit(code, codes)):
                return True
        return False

    def is_suppressed(self, code: str, aliases: Sequence[str], instruction: Instruction | None, offset: int) -> bool:
        names = self.names_of(code, aliases)
        return self.everywhere(code, names) or self.here(code, names, instruction, offset)


def _prefix_hit(code: str, selected: set[str]) -> bool:
    """ShellCheck codes are open-ended, so ``SC`` or ``SC2`` in a pragma matches them by prefix."""
    return code.startswith("SC") and any(s.startswith("SC") and code.startswith(s) for s in selected)
