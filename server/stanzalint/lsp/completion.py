"""Completion candidates from the text before the cursor and the parsed document: instructions
(with snippet bodies), flags valid for the instruction, stage names after ``--from=``, declared
variables after ``$``, parser directives at the top, official image names after FROM."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stanzalint.lsp import reference

if TYPE_CHECKING:
    from stanzalint.engine import LintResult


@dataclass
class Candidate:
    label: str
    kind: str  # "keyword" | "flag" | "stage" | "variable" | "directive" | "image"
    detail: str = ""
    documentation: str = ""
    snippet: str | None = None  # snippet body (``$1`` placeholders) when the client supports it
    insert: str | None = None  # plain text to insert; label when None


_FROM_ARG = re.compile(r"^\s*FROM\s+(?:--\S+\s+)*([\w./:-]*)$", re.I)
_STAGE_FLAG = re.compile(r"--from=([\w.-]*)$")
_MOUNT_FROM = re.compile(r"--mount=\S*(?i:from)=([\w.-]*)$")
_FLAG = re.compile(r"(?:^|\s)--([\w-]*)$")
_VARIABLE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)?$")
_KEYWORD = re.compile(r"^\s*([A-Za-z]*)$")
_DIRECTIVE = re.compile(r"^#\s*([a-z]*)$")


def candidates(result: LintResult, text: str, offset: int) -> list[Candidate]:
    """What may be typed at ``offset`` in ``text``, the document's text that ``result`` is the
    lint of."""
    line_prefix = typed_on_line(result, text, offset)
    if _DIRECTIVE.match(line_prefix) and _at_top(result, offset):
        return [
            Candidate(f"{name}=", "directive", "parser directive", about)
            for name, about in reference.DIRECTIVES.items()
        ]
    if line_prefix.lstrip().startswith("#"):
        return []
    if _VARIABLE.search(line_prefix):
        return _variables(result, offset)
    if _STAGE_FLAG.search(line_prefix) or _MOUNT_FROM.search(line_prefix):
        return _stages(result, offset)
    ins = result.dockerfile.instruction_at(offset)
    continued = ins is not None and ins.start_line < result.dockerfile.lines.position(offset)[0]
    if not continued:
        match = _FROM_ARG.match(line_prefix)
        if match:
            return _images() + _stages(result, offset)
        if _KEYWORD.match(line_prefix):
            return _keywords()
    flag = _FLAG.search(line_prefix)
    if flag and ins is not None:
        return _flags(ins.effective.keyword)
    return []


def typed_on_line(result: LintResult, text: str, offset: int) -> str:
    """The text of the cursor's line before the cursor."""
    lines = result.dockerfile.lines
    return text[lines.line_starts[lines.position(offset)[0]] : offset]


def _at_top(result: LintResult, offset: int) -> bool:
    """Whether only blank lines, comments and parser directives come before the cursor's line,
    and no instruction starts before it (where a parser directive may still be written)."""
    lines = result.dockerfile.lines
    line = lines.position(offset)[0]
    first = result.dockerfile.instructions[0].start_line if result.dockerfile.instructions else lines.line_count
    return line <= first and all(
        not lines.line_text(i).strip() or lines.line_text(i).lstrip().startswith("#") for i in range(line)
    )


def _keywords() -> list[Candidate]:
    out = []
    for keyword, (summary, details, body) in reference.INSTRUCTIONS.items():
        if keyword == "MAINTAINER":
            continue
        out.append(Candidate(keyword, "keyword", summary, details, snippet=f"{keyword} {body}", insert=f"{keyword} "))
    return out


def _flags(keyword: str) -> list[Candidate]:
    return [
        Candidate(
            f"--{name}",
            "flag",
            keyword,
            text,
            insert=f"--{name}=" if name not in ("link", "parents", "keep-git-dir") else f"--{name}",
        )
        for name, text in reference.FLAGS.get(keyword, {}).items()
    ]


def _stages(result: LintResult, offset: int) -> list[Candidate]:
    """Named stages before the one the cursor is in (a stage cannot copy from itself)."""
    earlier = [s for s in result.analysis.stages if s.from_instruction.span.start < offset]
    if earlier and not earlier[-1].from_instruction.span.covers(offset):
        earlier = earlier[:-1]  # the cursor is in this stage's body
    out = []
    for stage in earlier:
        if stage.from_instruction.span.covers(offset):
            break
        if stage.name:
            base = stage.image.raw if stage.image else ""
            out.append(Candidate(stage.name, "stage", f"stage {stage.index}: FROM {base}".rstrip()))
    return out


def _variables(result: LintResult, offset: int) -> list[Candidate]:
    analysis = result.analysis
    ins = result.dockerfile.instruction_at(offset)
    seen = {}
    if ins is not None:
        try:
            for name, decl in analysis.visible_vars(ins.effective).items():
                seen[name] = decl
        except Exception:  # scope unknown for this instruction: fall back to every declaration
            seen = {}
    if not seen:
        for decl in list(analysis.global_args) + list(analysis.decls):
            if decl.instruction is not None and decl.instruction.span.start < offset:
                seen[decl.name] = decl
    out = []
    for name, decl in sorted(seen.items()):
        value = f"={decl.value}" if decl.value is not None else ""
        out.append(Candidate(name, "variable", f"{decl.kind} {name}{value}"))
    return out


def _images() -> list[Candidate]:
    from stanzalint.knowledge.images import all_images

    return [
        Candidate(
            img.name,
            "image",
            "Docker Official Image",
            f"e.g. `{img.name}:{img.tag_example}`" if img.tag_example else "",
        )
        for img in all_images()
        if img.is_active and not img.is_deprecated
    ]
