"""Comments: the block of comment lines written directly above an instruction."""

from __future__ import annotations

from stanzalint.syntax.model import Comment, Dockerfile, Instruction
from stanzalint.syntax.moved_comments import comments_of, first_from_line


def comment_block_above(dockerfile: Dockerfile, ins: Instruction) -> list[Comment]:
    """The comments on the lines directly above ``ins``, nearest first, up to the first line
    that holds no comment (or a comment inside an instruction). The file's comments are in
    line order: the block is found by bisection, not by reading them all (after a re-parse, only
    the block's comments are moved to their new places)."""
    if not _line_above_may_hold_a_comment(dockerfile, ins):
        return []
    comments = comments_of(dockerfile)
    at = first_from_line(comments, ins.start_line) - 1
    block: list[Comment] = []
    line = ins.start_line - 1
    while at >= 0 and comments[at].line == line and not comments[at].inside_instruction:
        block.append(comments[at])
        at, line = at - 1, line - 1
    return block


def _line_above_may_hold_a_comment(dockerfile: Dockerfile, ins: Instruction) -> bool:
    """Whether the line right above ``ins`` has a ``#`` in it: without one it holds no comment,
    and the file's comments (moved, after a keystroke, only as they are read) need not be
    searched."""
    line = ins.start_line
    if line == 0:
        return False
    starts = dockerfile.lines.line_starts
    return dockerfile.text.find("#", starts[line - 1], starts[line]) != -1
