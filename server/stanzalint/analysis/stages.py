"""Build stages: which instructions belong to which FROM, stage names, bases, the final stage."""

from __future__ import annotations

from typing import Callable

from stanzalint.analysis.model import Stage, StageTable
from stanzalint.syntax.model import Dockerfile, Instruction, Token

#: for the FROM at an index of the instructions: the earlier analysis' stage it opened, and how
#: far the edit moved it, when the FROM is that stage's moved; else None
MovedFrom = Callable[[int], "tuple[Stage, int] | None"]


def split_stages(
    dockerfile: Dockerfile, kept: list[Stage] | None = None, moved: MovedFrom | None = None
) -> tuple[list[Instruction], list[Stage], StageTable]:
    """(instructions before the first FROM, stages, the stage of each instruction).

    Each FROM opens a stage; ONBUILD wrappers belong to the stage they stand in. The stage name
    is the third FROM word when the second is ``AS`` (any case), as BuildKit reads it. ``kept``
    are the first stages as an earlier analysis made them, when this parse has exactly their
    instructions: they are taken as they are. ``moved(i)``, for the FROM at ``i``, is the stage
    of an earlier analysis whose FROM it is, moved some characters on, and how many: its name
    and platform are that stage's (its words are not read again).
    """
    kept = kept or []
    stages: list[Stage] = list(kept)
    instructions = dockerfile.instructions
    at = next((i for i, ins in enumerate(instructions) if ins.keyword == "FROM"), len(instructions))
    preamble = instructions[:at]
    for stage in kept:  # their instructions, as they stand in this parse
        at += len(stage.instructions)
    rest = instructions[at:]
    starts = [i - at for i in stage_starts(dockerfile) if i >= at]
    preamble += rest[: starts[0] if starts else len(rest)]  # nothing when ``rest`` opens a stage
    for start, end in zip(starts, starts[1:] + [len(rest)]):
        earlier = moved(at + start) if moved is not None else None
        if earlier is not None:
            stage = _reopened(rest[start:end], len(stages), *earlier)
        else:
            stage = _opened(rest[start:end], len(stages))
        stages.append(stage)
    return preamble, stages, StageTable(stages)


def stage_starts(dockerfile: Dockerfile) -> list[int]:
    """Where each stage's FROM stands in ``dockerfile.instructions``: the ``k``-th FROM that is not
    an ONBUILD's opens stage ``k``. Read off the keyword index a re-parse carries over
    (``Dockerfile.keyword_positions``), not a walk of the file."""
    return [at for at in dockerfile.keyword_positions.get("FROM", ()) if at >= 0]


def _opened(instructions: list[Instruction], index: int) -> Stage:
    """The stage made of ``instructions`` (its FROM first), the ``index``-th."""
    from_instruction = instructions[0]
    stage = Stage(index=index, from_instruction=from_instruction, instructions=instructions)
    name = stage_name_word(from_instruction)
    if name is not None:
        stage.name = name.value
        stage.name_span = name.span
    platform = from_instruction.flag("platform")
    if platform is not None:
        stage.platform = platform.value
    return stage


def stage_name_word(from_instruction: Instruction) -> Token | None:
    """The word naming the stage a FROM opens: the third when the second is ``AS`` (any case), as
    BuildKit reads it; None without one."""
    args = from_instruction.args
    return args[2] if len(args) >= 3 and args[1].value.lower() == "as" else None


def _reopened(instructions: list[Instruction], index: int, old: Stage, chars: int) -> Stage:
    """``_opened`` for a FROM that is ``old``'s moved ``chars`` characters on."""
    name_span = None if old.name_span is None else old.name_span.moved(chars)
    return Stage(
        index=index,
        from_instruction=instructions[0],
        instructions=instructions,
        name=old.name,
        name_span=name_span,
        platform=old.platform,
    )


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
    carry: Callable[[Stage], bool] | None = None,
) -> None:
    """Link each stage from ``start`` on to an earlier stage or give it an image reference.

    ``resolve_word(stage)`` returns the FROM word after global-ARG expansion (None without a
    word) and whether it fully resolved; ``make_image`` records the external image. BuildKit
    lower-cases stage names and looks the base name up among the stages defined so far (the
    last of that name): a stage cannot be its own base or a later stage's child. ``carry(stage)``,
    when given, links a stage as an earlier analysis did and says whether it did: its word is
    then not read.
    """
    earlier = {stage.name.lower(): stage for stage in stages[:start] if stage.name}
    for stage in stages[start:]:
        carried = carry is not None and carry(stage)
        word, resolved = (None, True) if carried else resolve_word(stage)
        if word is not None:
            base = earlier.get(word.lower()) if resolved else None
            if base is not None:
                stage.base_stage = base
            else:
                make_image(stage, word, not resolved)
        if stage.name:
            earlier[stage.name.lower()] = stage
