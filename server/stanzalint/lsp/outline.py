"""Document structure for the outline and folding: stages with their instructions; folds for
stages, multi-line instructions, heredocs and comment blocks. Pure: line numbers and spans."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from stanzalint.syntax.model import Span

if TYPE_CHECKING:
    from stanzalint.engine import LintResult
    from stanzalint.syntax.model import Instruction


@dataclass
class OutlineNode:
    name: str
    detail: str
    kind: str  # "stage" | "instruction"
    span: Span
    selection: Span
    children: list[OutlineNode] = field(default_factory=list)


def _summary(result: LintResult, ins: Instruction, width: int = 60) -> str:
    rest = " ".join(ins.rest.text.split()) if ins.rest.text else ""
    if len(rest) > width:
        rest = rest[: width - 1] + "…"
    return rest


def outline(result: LintResult) -> list[OutlineNode]:
    dockerfile = result.dockerfile
    stage_of = {id(s.from_instruction): s for s in result.analysis.stages}
    nodes: list[OutlineNode] = []
    current: OutlineNode | None = None
    for ins in dockerfile.instructions:
        stage = stage_of.get(id(ins))
        if stage is not None:
            last = stage.instructions[-1]
            label = stage.name or f"stage {stage.index}"
            base = (
                stage.image.raw
                if stage.image is not None
                else (stage.from_instruction.args[0].value if stage.from_instruction.args else "")
            )
            selection = stage.name_span or ins.keyword_span
            current = OutlineNode(label, f"FROM {base}", "stage", Span(ins.span.start, last.span.end), selection)
            nodes.append(current)
        node = OutlineNode(ins.keyword, _summary(result, ins), "instruction", ins.span, ins.keyword_span)
        if current is not None:
            current.children.append(node)
        else:
            nodes.append(node)
    return nodes


def folds(result: LintResult) -> list[tuple[int, int, str]]:
    """(start line, end line, kind) with kind "region" or "comment"; one-line ranges dropped."""
    dockerfile = result.dockerfile
    lines = dockerfile.lines
    out = set()
    for stage in result.analysis.stages:
        start = stage.from_instruction.start_line
        end = stage.instructions[-1].end_line
        if end > start:
            out.add((start, end, "region"))
    for ins in dockerfile.instructions:
        if ins.end_line > ins.start_line:
            out.add((ins.start_line, ins.end_line, "region"))
        for doc in ins.heredocs:
            start = lines.position(doc.marker_span.start)[0]
            end = lines.position(doc.terminator_span.start)[0] if doc.terminator_span else ins.end_line
            if end > start:
                out.add((start, end, "region"))
    block: list[int] = []
    for comment in sorted((c for c in dockerfile.comments if not c.inside_instruction), key=lambda c: c.line):
        if block and comment.line == block[-1] + 1:
            block.append(comment.line)
            continue
        if len(block) > 1:
            out.add((block[0], block[-1], "comment"))
        block = [comment.line]
    if len(block) > 1:
        out.add((block[0], block[-1], "comment"))
    return sorted(out)
