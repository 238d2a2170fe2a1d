"""The stage split with a distroless final stage: ``refactor.plan_split``'s new final stage moved
to the distroless image it fits (``rules.toolkit.distroless``), offered only when the move is proven."""

from __future__ import annotations

from typing import Any

from stanzalint.findings import Edit
from stanzalint.rules.toolkit.build_outputs import setup_only_runs
from stanzalint.rules.toolkit.distroless import fit
from stanzalint.rules.toolkit.edits import newline_of
from stanzalint.rules.toolkit.paths import is_under
from stanzalint.rules.toolkit.stage_split import RUNTIME_KEYWORDS, plan_split
from stanzalint.syntax.model import Dockerfile, Instruction


def split_builder_distroless(dockerfile: Dockerfile, analysis: Any, stage: Any) -> list[Edit] | None:
    """The split's edits with the new final stage on the ``:nonroot`` distroless image its
    artefact fits (program path and owners adjusted as SZ604's fix does), or None."""
    plan = plan_split(dockerfile, analysis, stage)
    if plan is None or plan.final_stage is None or plan.reinstalled:
        return None  # refused, or OS packages to install again: distroless has no package manager
    runtime = _final_stage_instructions(analysis, stage)

    def origin(path: str):
        return (stage, path) if any(is_under(path, d) for d in plan.copied) else None

    found = fit(analysis, stage.image, runtime, origin, any_base=True)
    if found is None or found.unproven:
        return None
    text = _rewrite_chunks(dockerfile.text, plan.final_stage.text, runtime, found.argv_edits + found.user_edits)
    text = _rebase(text, dockerfile.text, stage, found)
    if text is None:
        return None
    return [e for e in plan.edits if e is not plan.final_stage] + [Edit(plan.final_stage.span, text)]


def _final_stage_instructions(analysis: Any, stage: Any) -> list[Instruction]:
    """The instructions of the stage the split carries into the new final stage."""
    setup = {id(ins) for ins in setup_only_runs(analysis, stage)}
    carried = set(RUNTIME_KEYWORDS) | {"ARG", "ENV", "SHELL", "WORKDIR"}
    return [ins for ins in stage.body if ins.keyword in carried or id(ins) in setup]


def _rewrite_chunks(document: str, final: str, runtime: list[Instruction], edits: list[Edit]) -> str:
    """Apply ``edits`` (spans of the document) to the copies of their instructions in ``final``."""
    for ins in runtime:
        inside = sorted(
            (e for e in edits if ins.span.start <= e.span.start and e.span.end <= ins.span.end),
            key=lambda e: e.span.start,
            reverse=True,
        )
        if not inside:
            continue
        chunk = document[ins.span.start : ins.span.end]
        new = chunk
        for e in inside:
            new = new[: e.span.start - ins.span.start] + e.text + new[e.span.end - ins.span.start :]
        final = final.replace(chunk, new, 1)
    return final


def _rebase(final: str, document: str, stage: Any, found: Any) -> str | None:
    """The FROM line of ``final`` on the distroless image, followed by the fit's ``header``."""
    nl = newline_of(document)
    raw = stage.image.raw
    start = final.lower().find("from ")
    end = final.find(nl, start)
    if start < 0 or end < 0 or not final[start:end].endswith(raw):
        return None
    line = final[start : end - len(raw)] + found.image.nonroot
    line += "".join(nl + header for header in found.header(final[start : start + 4]))
    return final[:start] + line + final[end:]
