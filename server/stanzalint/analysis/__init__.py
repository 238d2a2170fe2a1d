"""Stage and variable analysis of a parsed Dockerfile: ``analyze(dockerfile, target)``."""

from __future__ import annotations

from stanzalint.analysis.expand import expand, expand_pattern
from stanzalint.analysis.imageref import parse_image_ref
from stanzalint.analysis.model import Analysis, Stage
from stanzalint.analysis.scope import TableView
from stanzalint.analysis.stages import final_stage, image_token, resolve_stage_images, split_stages
from stanzalint.analysis.variables import VariableWalker
from stanzalint.syntax.model import Dockerfile
from stanzalint.syntax.pragmas import hadolint_shell

__all__ = ["analyze"]


def analyze(dockerfile: Dockerfile, target: str | None = None) -> Analysis:
    """Stages, base images, ARG/ENV declarations and variable references of ``dockerfile``.

    ``target`` picks the final stage by name or index (the last stage when None).
    """
    preamble, stages, stage_of = split_stages(dockerfile)
    analysis = Analysis(dockerfile=dockerfile, stages=stages, global_args=[], target=target)
    analysis._stage_of = stage_of
    analysis.shell_pragma = hadolint_shell(dockerfile)
    walker = VariableWalker(analysis)
    if stages:
        walker.preamble(preamble)
    else:
        walker.fragment(preamble)
    esc = walker.esc

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

    for stage in stages:
        walker.from_line(stage)
    resolve_stage_images(stages, resolve_word, make_image)
    final: dict[int, tuple[TableView, TableView]] = {}
    for stage in stages:
        base = stage.base_stage
        env, args = final[base.index] if base is not None else (None, None)
        final[stage.index] = walker.stage(stage, env, args)
    analysis.refs.sort(key=lambda r: r.span.start)
    analysis.final_stage = final_stage(stages, target)
    return analysis
