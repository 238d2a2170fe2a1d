"""Shared by DL3022, DL3023 and DL3067: the ``COPY --from`` instructions of each stage."""

from __future__ import annotations

from typing import Iterator, Tuple

from stanzalint.analysis.model import Stage
from stanzalint.rules._instructions import stage_body
from stanzalint.rules.base import RuleContext
from stanzalint.syntax.model import Flag, Instruction


def copies_from(ctx: RuleContext) -> Iterator[Tuple[Stage, Instruction, Flag]]:
    """(stage, COPY, its --from flag) for every COPY with a non-empty ``--from`` in a stage body."""
    for stage in ctx.analysis.stages:
        for ins in stage_body(stage):
            if ins.keyword != "COPY":
                continue
            flag = ins.flag("from")
            if flag is not None and flag.value:
                yield stage, ins, flag


def is_image_reference(value: str) -> bool:
    """``nginx:1.27``, ``ghcr.io/org/tool``, ``alpine@sha256:...``: not a stage name."""
    return any(c in value for c in ":/@")
