"""COPY and ADD: their operands, which sources are heredocs, URLs or archives, copies of the
whole build context, and the ``COPY --from`` instructions of each stage."""

from __future__ import annotations

import re
from collections.abc import Iterator

from stanzalint.analysis.model import Stage
from stanzalint.rules.base import RuleContext
from stanzalint.rules.toolkit.stages import bodies
from stanzalint.syntax.model import Flag, Instruction, Token
from stanzalint.syntax.moved import origin_and_delta
from stanzalint.syntax.operands import copied_files as copied_files
from stanzalint.syntax.operands import copy_operands as copy_operands
from stanzalint.syntax.operands import is_heredoc_word as is_heredoc_word

#: File name endings ADD unpacks as a local tar archive (compressed or not).
ARCHIVE_SUFFIXES = (
    ".tar",
    ".gz",
    ".tgz",
    ".bz2",
    ".tbz",
    ".tbz2",
    ".tb2",
    ".xz",
    ".txz",
    ".lzma",
    ".tlz",
    ".lz",
    ".Z",
    ".tZ",
    ".zst",
    ".tzst",
)

_URL = re.compile(r"^(?:https?|git)://", re.I)
_GIT_SSH = re.compile(r"^[\w.-]+@[\w.-]+:")
_CONTEXT_SOURCES = frozenset({".", "./", "*", "./*", "./.", "/", "/."})


def is_remote(source: str) -> bool:
    """An ADD source BuildKit fetches instead of reading from the build context."""
    return bool(_URL.match(source) or _GIT_SSH.match(source))


def is_archive(source: str) -> bool:
    """A source ADD would unpack, judged by its file name ending."""
    return source.endswith(ARCHIVE_SUFFIXES)


def context_copy_source(ins: Instruction) -> Token | None:
    """The source word of a COPY/ADD that copies the whole build context (``.``, ``./``, ``*``),
    or None. ``--from`` copies read another stage or image, not the context."""
    if ins.keyword not in ("COPY", "ADD") or ins.flag("from") is not None:
        return None
    sources, _ = copied_files(ins)
    for t in sources:
        if t.value in _CONTEXT_SOURCES:
            return t
    return None


def copies_whole_context(ins: Instruction) -> bool:
    """Whether a COPY/ADD copies the whole build context (``context_copy_source`` finds its
    source word). The answer does not depend on where the instruction stands, so an instruction
    an edit moved is answered by the one it was moved from: its words are not moved to ask it."""
    origin = origin_and_delta(ins, 0)[0]
    for word in origin.args[:-1]:  # the cheap question first: does a source word name the whole context?
        if word.value in _CONTEXT_SOURCES:
            return context_copy_source(origin) is not None
    return False


def copies_from(ctx: RuleContext) -> Iterator[tuple[Stage | None, Instruction, Flag]]:
    """(stage, COPY, its --from flag) for every COPY with a non-empty ``--from`` in a stage body
    (stage None in a file without FROM)."""
    for stage, instructions in bodies(ctx.analysis):
        for ins in instructions:
            if ins.keyword != "COPY":
                continue
            flag = ins.flag("from")
            if flag is not None and flag.value:
                yield stage, ins, flag
