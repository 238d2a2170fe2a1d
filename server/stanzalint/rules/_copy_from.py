"""Shared by DL3022, DL3023 and DL3067: the ``COPY --from`` instructions of each stage."""

from __future__ import annotations

from typing import Iterator, Optional, Tuple

from stanzalint.analysis.model import Stage
from stanzalint.rules._instructions import bodies
from stanzalint.rules.base import RuleContext
from stanzalint.syntax.model import Flag, Instruction


def copies_from(ctx: RuleContext) -> Iterator[Tuple[Optional[Stage], Instruction, Flag]]:
    """(stage, COPY, its --from flag) for every COPY with a non-empty ``--from`` in a stage body
    (stage None in a file without FROM)."""
    for stage, instructions in bodies(ctx.analysis):
        for ins in instructions:
            if ins.keyword != "COPY":
                continue
            flag = ins.flag("from")
            if flag is not None and flag.value:
                yield stage, ins, flag


def is_image_reference(value: str) -> bool:
    """``nginx:1.27``, ``ghcr.io/org/tool``, ``alpine@sha256:...``: not a stage name."""
    return any(c in value for c in ":/@")
