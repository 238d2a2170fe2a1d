"""Shared by the DL rules about instructions, stages and labels: COPY/ADD operands, archive and
URL sources, instruction order inside a stage, and the values BuildKit gives a word."""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from stanzalint.analysis.model import Analysis, Stage
from stanzalint.syntax.model import Instruction, Token

#: File name endings ADD unpacks as a local tar archive (compressed or not).
ARCHIVE_SUFFIXES = (
    ".tar", ".gz", ".tgz", ".bz2", ".tbz", ".tbz2", ".tb2", ".xz", ".txz", ".lzma", ".tlz",
    ".lz", ".Z", ".tZ", ".zst", ".tzst",
)

_URL = re.compile(r"^(?:https?|git)://", re.I)
_GIT_SSH = re.compile(r"^[\w.-]+@[\w.-]+:")


def is_remote(source: str) -> bool:
    """An ADD source BuildKit fetches instead of reading from the build context."""
    return bool(_URL.match(source) or _GIT_SSH.match(source))


def is_archive(source: str) -> bool:
    return source.endswith(ARCHIVE_SUFFIXES)


def is_heredoc_word(value: str) -> bool:
    return value.startswith("<<")


def operands(ins: Instruction) -> Tuple[List[Token], Optional[Token]]:
    """(sources, destination) of a COPY or ADD; the destination is None when there is only one word."""
    args = list(ins.args)
    if len(args) < 2:
        return args, None
    return args[:-1], args[-1]


def value(analysis: Analysis, ins: Instruction, text: str) -> Tuple[str, bool]:
    """``text`` as BuildKit reads it in ``ins`` (quotes removed, variables expanded when known)."""
    return analysis.resolve(text, ins)


def stage_body(stage: Stage) -> List[Instruction]:
    """The stage's own instructions after FROM, ONBUILD wrappers excluded (they run later).
    The list is shared: do not change it."""
    return stage.own_body


def bodies(analysis: Analysis) -> List[Tuple[Optional[Stage], List[Instruction]]]:
    """Each stage with its ``stage_body``; a file without FROM (a fragment pasted into a stage
    elsewhere) is one group with no stage, so rules treat it as they treat a stage."""
    if not analysis.stages:
        return [(None, [ins for ins in analysis.dockerfile.instructions if ins.keyword != "ONBUILD"])]
    return [(stage, stage_body(stage)) for stage in analysis.stages]


def is_absolute(path: str) -> bool:
    """Absolute on Linux (``/app``) or Windows (``C:\\app``, ``c:/app``, ``\\app``)."""
    return path.startswith(("/", "\\")) or bool(re.match(r"^[A-Za-z]:[\\/]", path))
