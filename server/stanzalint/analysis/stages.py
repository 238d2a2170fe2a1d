"""Build stages: which instructions belong to which FROM, stage names, bases, the final stage."""

from __future__ import annotations

from typing import Callable

from stanzalint.analysis.model import Stage
from stanzalint.syntax.model import Dockerfile, Instruction, Token


def split_stages(
    dockerfile: Dockerfile, kept: list[Stage] | None = None
) -> tuple[list[Instruction], list[Stage], dict[int, Stage]]:
    """(instructions before the first FROM, stages, id(instruction) -> stage).

    Each FROM opens a stage; ONBUILD wrappers belong to the stage they stand in. The stage name
    is the third FROM word when the second is ``AS`` (any case), as BuildKit reads it. ``kept``
    are the first stages as an earlier analysis made them, when this parse has exactly their
    instructions: they are taken as they are.
    """
    kept = kept or []
    preamble: list[Instruction] = []
    stages: list[Stage] = list(kept)
    stage_of: dict[int, Stage] = {}
    instructions = dockerfile.instructions
    at = next((i for i, ins in enumerate(instructions) if ins.keyword == "FROM"), len(instructions))
    preamble.extend(instructions[:at])
    for stage in kept:  # their instructions, as they stand in this parse
        stage_of.update(dict.fromkeys(map(id, stage.instructions), stage))
        stage_of.update((id(ins.inner), stage) for ins in stage.instructions if ins.inner is not None)
        at += len(stage.instructions)
    current: Stage | None = None
    for ins in instructions[at:]:
        if ins.keyword == "FROM":
            current = Stage(index=len(stages), from_instruction=ins, instructions=[ins])
            args = ins.args
            if len(args) >= 3 and args[1].value.lower() == "as":
                current.name = args[2].value
                current.name_span = args[2].span
            platform = ins.flag("platform")
            if platform is not None:
                current.platform = platform.value
            stages.append(current)
        elif current is None:
            preamble.append(ins)
            continue
        else:
            current.instructions.append(ins)
        stage_of[id(ins)] = current
        if ins.inner is not None:
            stage_of[id(ins.inner)] = current
    return preamble, stages, stage_of


def image_token(stage: Stage) -> Token | None:
    """The base image word of the stage's FROM, if it has one."""
    args = stage.from_instruction.args
    return args[0] if args else None


def final_stage(stages: list[Stage], target: str | None) -> Stage | None:
    """The stage built: the last, or the ``target`` named by stage name or index.

    None when there are no stages or the target names none of them.
    """
    if not stages:
        return None
    if target is None or target == "":
        return stages[-1]
    key = target.lower()
    for stage in stages:
        if stage.name and stage.name.lower() == key:
            return stage
    if key.isdigit() and int(key) < len(stages):
        return stages[int(key)]
    return None


def resolve_stage_images(
    stages: list[Stage],
    resolve_word: Callable[[Stage], tuple[str | None, bool]],
    make_image: Callable[[Stage, str, bool], None],
    start: int = 0,
) -> None:
    """Link each stage from ``start`` on to an earlier stage or give it an image reference.

    ``resolve_word(stage)`` returns the FROM word after global-ARG expansion (None without a
    word) and whether it fully resolved; ``make_image`` records the external image. BuildKit
    lower-cases stage names and looks the base name up among the stages defined so far (the
    last of that name): a stage cannot be its own base or a later stage's child.
    """
    earlier = {stage.name.lower(): stage for stage in stages[:start] if stage.name}
    for stage in stages[start:]:
        word, resolved = resolve_word(stage)
        if word is not None:
            base = earlier.get(word.lower()) if resolved else None
            if base is not None:
                stage.base_stage = base
            else:
                make_image(stage, word, not resolved)
        if stage.name:
            earlier[stage.name.lower()] = stage
