"""Stage and variable analysis of a parsed Dockerfile: ``analyze(dockerfile, target)``."""

from __future__ import annotations

from stanzalint.analysis.expand import expand, expand_pattern
from stanzalint.analysis.imageref import parse_image_ref
from stanzalint.analysis.model import Analysis, Stage, VarRef, ref_start
from stanzalint.analysis.moved_stages import MovedStages
from stanzalint.analysis.rebase import Rebaser
from stanzalint.analysis.reuse import Kept, kept_facts
from stanzalint.analysis.scope import History, TableView
from stanzalint.analysis.stages import final_stage, image_token, resolve_stage_images, split_stages
from stanzalint.analysis.variables import VariableWalker
from stanzalint.syntax.model import Dockerfile

__all__ = ["analyze"]


def analyze(dockerfile: Dockerfile, target: str | None = None, previous: Analysis | None = None) -> Analysis:
    """Stages, base images, ARG/ENV declarations and variable references of ``dockerfile``.

    ``target`` picks the final stage by name or index (the last stage when None). ``previous``,
    the analysis of the text before an edit (when ``dockerfile`` was re-parsed on its parse),
    gives the facts of the instructions before the edit as they are (``analysis.reuse``) and
    those of the stages after it that the edit did not reach, and of the edited stage's
    instructions after the changed ones when the edit changed no variable or SHELL, moved
    (``analysis.rebase``); only the rest is walked again. The result is the same.
    """
    shell_pragma = dockerfile.shell_pragma
    kept = kept_facts(previous, dockerfile, shell_pragma)
    tail = dockerfile.moved.of(previous.dockerfile) if previous is not None and dockerfile.moved else None
    moved = MovedStages(previous, dockerfile, tail) if previous is not None and tail is not None else None
    preamble, stages, stage_of = split_stages(
        dockerfile, kept.stages if kept is not None else [], moved.opened_by if moved is not None else None
    )
    analysis = Analysis(dockerfile=dockerfile, stages=stages, global_args=[], target=target)
    analysis._stage_of = stage_of
    analysis.shell_pragma = shell_pragma
    walker = VariableWalker(analysis)
    if kept is not None:
        walker.resume(kept.global_scope)
        analysis.global_args = list(kept.global_args)
        analysis._decls = kept.decls  # slices made for this analysis: a base stage made while
        analysis._refs = kept.refs  # the later ones are walked puts its facts among them
        analysis._scopes = kept.scopes
        analysis._moved_scopes = kept.moved_scopes
        analysis._pending = kept.pending
        analysis._made_from = kept.made_from
        analysis._commands = kept.commands
    elif stages:
        walker.preamble(preamble)
    else:
        walker.fragment(preamble)
    if kept is None:  # the kept references are in order
        _sort_refs_from(analysis._refs, 0)
    analysis._global_scope = walker.global_scope
    esc = walker.esc
    first = len(kept.stages) if kept is not None else 0  # the first stage walked

    def resolve_word(stage: Stage) -> tuple[str | None, bool]:
        token = image_token(stage)
        if token is None:
            return None, True
        return expand(token.value, esc, walker.global_scope.lookup)

    def make_image(stage: Stage, word: str, unresolved: bool) -> None:
        token = image_token(stage)
        if token is None:
            return
        stage.image = parse_image_ref(token.value, token.span, word, unresolved)
        if unresolved:
            rx = expand_pattern(token.value, esc, walker.global_scope.lookup)
            stage.base_candidates = [
                s for s in stages[: stage.index] if rx is not None and s.name and rx.fullmatch(s.name)
            ]

    resumed = kept is not None and kept.open_tables is not None  # the first stage walked began before the edit
    # a moved stage's links are the old ones when the global ARGs are (``kept``)
    carry = moved.carrier(stages, first) if moved is not None and kept is not None else None
    resolve_stage_images(stages, resolve_word, make_image, first, carry)
    final: dict[int, tuple[TableView, TableView]] = dict(kept.stage_tables) if kept is not None else {}
    analysis._stage_tables = final  # a moved stage's are added when its facts are made
    at = len(preamble) + sum(len(s.instructions) for s in stages[:first])  # where stages[first] starts
    rebaser = None
    if kept is not None and previous is not None and tail is not None and moved is not None:
        rebaser = Rebaser(analysis, previous, tail, moved.counterparts(stages, first))
    for stage in stages[first:]:
        old = rebaser.old_stage(stage) if rebaser is not None else None
        if old is not None:
            assert rebaser is not None
            rebaser.bring(stage, old)
        elif resumed and stage.index == first:
            assert kept is not None
            tables = _resume_stage(walker, stage, kept, at, rebaser)
            if tables is not None:  # else made with the facts still to be made (``PendingRest``)
                final[stage.index] = tables
        else:
            base = stage.base_stage
            env, args = analysis.final_tables(base) if base is not None else (None, None)
            walked_from = len(analysis._refs)
            walker.from_line(stage)
            final[stage.index] = walker.stage(stage, env, args)
            _sort_refs_from(analysis._refs, walked_from)
    analysis.final_stage = final_stage(stages, target)
    return analysis


def _resume_stage(
    walker: VariableWalker, stage: Stage, kept: Kept, at: int, rebaser: Rebaser | None
) -> tuple[TableView, TableView] | None:
    """Walk ``stage`` (whose FROM is instruction ``at``) on from the first changed instruction,
    with the tables the previous walk had there, up to the moved instructions after the edit
    when the walk stands there as it stood before them (their facts are then the old ones,
    moved, made when first read, and so are the stage's final tables: None); else its final
    (ENV, ARG) tables."""
    assert kept.open_tables is not None
    env, args = kept.open_tables
    rest = stage.instructions[kept.count - at :]
    env_history, args_history = History.resumed(env), History.resumed(args)
    carried = rebaser.rest_of_stage(kept.count, rest) if rebaser is not None else None
    refs = walker.analysis._refs
    walked_from = len(refs)
    if carried is None:
        tables = walker.body(rest, stage, env_history, args_history)
        _sort_refs_from(refs, walked_from)
        return tables
    assert rebaser is not None
    walked, old_rest = carried
    walker.body(rest[:walked], stage, env_history, args_history)
    _sort_refs_from(refs, walked_from)
    rebaser.bring_rest(stage, old_rest, env_history, args_history)
    return None


def _sort_refs_from(refs: list[VarRef], start: int) -> None:
    """Put the references a walk added from ``start`` on in document order (a walk adds an
    instruction's in its own order; those it brought over moved are in order already, and the
    walks and moves follow each other in document order)."""
    if len(refs) - start > 1:
        refs[start:] = sorted(refs[start:], key=ref_start)
