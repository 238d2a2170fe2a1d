"""Dockerfile formatting as edits: keywords in upper case, instructions start at column 0,
continuation lines indented by four spaces. Heredoc bodies and text inside quotes that span
lines are left as they are, so the builder sees the same instructions. Idempotent."""

from __future__ import annotations

from stanzalint.findings import Edit
from stanzalint.syntax.model import Dockerfile, Instruction, Span

INDENT = "    "


def format_edits(dockerfile: Dockerfile) -> list[Edit]:
    edits: list[Edit] = []
    for ins in dockerfile.instructions:
        edits.extend(_instruction_edits(dockerfile, ins))
    return edits


def _instruction_edits(dockerfile: Dockerfile, ins: Instruction) -> list[Edit]:
    text = dockerfile.text
    lines = dockerfile.lines
    edits: list[Edit] = []
    line_start = lines.line_starts[ins.start_line]
    if line_start < ins.keyword_span.start and not text[line_start : ins.keyword_span.start].strip():
        edits.append(Edit(Span(line_start, ins.keyword_span.start), ""))
    for part in (ins, ins.inner):
        if part is not None and part.keyword_text != part.keyword and part.keyword_text.upper() == part.keyword:
            edits.append(Edit(part.keyword_span, part.keyword))
    if ins.heredocs or ins.end_line == ins.start_line:
        return edits
    quote = ""
    state_line_end = ins.first_line_end
    quote = _scan(text[ins.keyword_span.end : state_line_end], quote, dockerfile.escape)
    # a word may go on across the line break (``a\`` then ``b`` is ``ab``): such a line keeps
    # its (absent) indentation, or the builder would see two words
    separated = _ends_with_blank(text[ins.keyword_span.end : state_line_end], dockerfile.escape)
    for line in range(ins.start_line + 1, ins.end_line + 1):
        start = lines.line_starts[line]
        end = lines.line_end(line)
        content = text[start:end]
        stripped = content.lstrip(" \t")
        is_comment = stripped.startswith("#")
        lead = len(content) - len(stripped)
        if stripped and not quote and (lead or separated or is_comment):
            if content[:lead] != INDENT:
                edits.append(Edit(Span(start, start + lead), INDENT))
        if not is_comment and stripped:
            quote = _scan(content, quote, dockerfile.escape)
            separated = _ends_with_blank(content, dockerfile.escape)
    return edits


def _ends_with_blank(line: str, escape: str) -> bool:
    """True when the text before the line's continuation escape ends with a blank (or the line
    is empty): the next line starts a new word."""
    body = line.rstrip(" \t")
    if body.endswith(escape):
        body = body[: -len(escape)]
    return not body or body[-1] in " \t"


def _scan(text: str, quote: str, escape: str) -> str:
    """The open quote ("", "'" or '"') after reading ``text`` from state ``quote``."""
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if quote == "'":
            if ch == "'":
                quote = ""
        elif ch == escape:
            i += 1
        elif quote == '"':
            if ch == '"':
                quote = ""
        elif ch in "'\"":
            quote = ch
        i += 1
    return quote
