"""The stages after an edit, as the previous analysis split and linked them, moved.

A keystroke moves every FROM after it (``syntax.model.MovedTail``). A moved FROM opens a stage
with the name and platform of the stage it opened before (``stages.split_stages``), and when
the global ARGs are the previous analysis' and every stage before it keeps its name, its base
image, base stage and candidate bases are the old ones too (``resolve_stage_images``): its words
are not read, expanded or parsed again.
"""

from __future__ import annotations

from collections.abc import Callable

from stanzalint.analysis.model import Analysis, ImageRef, Stage
from stanzalint.syntax.model import Dockerfile, MovedTail


class MovedStages:
    """The stages of ``dockerfile`` (re-parsed on ``previous``' parse, moved by ``tail``) a moved
    FROM opens (``opened_by``, for ``split_stages``), their links carried over (``carrier``, for
    ``resolve_stage_images``) and the old stages they are (``counterparts``, for ``Rebaser``)."""

    def __init__(self, previous: Analysis, dockerfile: Dockerfile, tail: MovedTail) -> None:
        self.previous = previous
        self.chars = tail.chars
        self.old_instructions = previous.dockerfile.instructions
        self.new_instructions = dockerfile.instructions
        self.first_moved = len(dockerfile.instructions) - tail.count
        self.shift = len(self.old_instructions) - len(dockerfile.instructions)
        self.reopened: dict[int, Stage] = {}  # id(new FROM) -> the old stage it opened
        #: id(old FROM) -> the old stage it opens
        self._opened_before = {id(stage.from_instruction): stage for stage in previous.stages}

    def opened_by(self, at: int) -> tuple[Stage, int] | None:
        """For the FROM at index ``at`` of the new instructions: the old stage it opened and how
        far it moved, when it is a moved FROM (``stages.MovedFrom``)."""
        if at < self.first_moved:
            return None
        old = self._opened_before.get(id(self.old_instructions[at + self.shift]))
        if old is None:
            return None
        self.reopened[id(self.new_instructions[at])] = old
        return old, self.chars

    def counterparts(self, stages: list[Stage], first: int) -> dict[int, Stage]:
        """New stage index -> the old stage it is, moved: for the stages of ``stages`` (the new
        split) from ``first`` on that a moved FROM opens (``opened_by``) and that have as many
        instructions as the old stage (then all of them are moved ones)."""
        found: dict[int, Stage] = {}
        for stage in stages[first:]:
            old = self.reopened.get(id(stage.from_instruction))
            if old is not None and len(old.instructions) == len(stage.instructions):
                found[stage.index] = old
        return found

    def carrier(self, stages: list[Stage], first: int) -> Callable[[Stage], bool]:
        """``carry`` for ``stages`` (the new split, whose stages before ``first`` are kept),
        given that the global ARGs are the previous analysis' ones."""
        old_stages = self.previous.stages
        same_until = first  # stages before this index have the old stages' names
        if len(old_stages) == len(stages):
            while same_until < len(stages) and stages[same_until].name == old_stages[same_until].name:
                same_until += 1
        else:
            same_until = -1

        def carry(stage: Stage) -> bool:
            """Give ``stage`` the old stage's base image and bases, when its FROM is moved and the
            stages before it are named as before; whether it did."""
            old = self.reopened.get(id(stage.from_instruction))
            if old is None or stage.index > same_until:
                return False
            if old.base_stage is not None:
                stage.base_stage = stages[old.base_stage.index]
            if old.image is not None:
                stage.image = _moved_image(old.image, self.chars)
            if old.base_candidates:
                stage.base_candidates = [stages[s.index] for s in old.base_candidates]
            return True

        return carry


def _moved_image(image: ImageRef, chars: int) -> ImageRef:
    moved = object.__new__(ImageRef)
    moved.__dict__ = fields = image.__dict__.copy()
    fields["span"] = image.span.moved(chars)
    return moved
