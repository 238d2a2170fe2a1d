"""Whether an edit stays inside one instruction's arguments, so that its lint costs about what
the last keystroke's did: the server then lints it on the event loop's own thread.

The lint is the same function on either thread, so this decides only where it runs, never what
it finds. A lint on a worker costs two thread wake-ups a keystroke (the worker's, then the
loop's), each dearer after the pause between keystrokes; a lint on the loop holds every other
request until it ends. That is safe only for an edit whose lint is known to be short: one that
re-reads a single instruction (no line break, continuation, heredoc or comment typed or
erased, not on a blank or comment line) and changes text the layout of the stages does not
read (``findings_memo.TEXT_OUTSIDE_LAYOUT``: a RUN's script, a COPY's sources, a LABEL...,
after the keyword and the flags). A heredoc opener typed in a large file, for instance, makes the
parse read to the end of the file: such an edit goes to a worker, as every edit did before.
"""

from __future__ import annotations

from stanzalint.findings_memo import TEXT_OUTSIDE_LAYOUT
from stanzalint.lsp.text import TextChange
from stanzalint.syntax.model import Dockerfile, Instruction
from stanzalint.syntax.parser import trim_continuation

#: characters whose typing or erasing may change where instructions begin or end: a line break,
#: a heredoc's ``<<``, a comment's ``#`` (the escape character is checked besides)
_STRUCTURAL = frozenset("\n\r<#")


def stays_in_its_instruction(change: TextChange | None, dockerfile: Dockerfile) -> bool:
    """Whether ``change`` (from ``dockerfile``'s text) edits only the arguments of one
    instruction whose text the stages' layout does not read, without changing where any
    instruction begins or ends (see the module)."""
    if change is None or change.before is not dockerfile.text:
        return False
    removed = change.before[change.start : change.old_end]
    inserted = change.after[change.start : change.new_end]
    structural = _STRUCTURAL | {dockerfile.escape}
    if not structural.isdisjoint(removed) or not structural.isdisjoint(inserted):
        return False
    instruction = dockerfile.instruction_at(change.start)
    if instruction is None or not _edits_arguments(instruction, change):
        return False
    return _same_line_kind(change, dockerfile.escape)


def _edits_arguments(instruction: Instruction, change: TextChange) -> bool:
    """Whether ``change`` lies in ``instruction``'s arguments after its keyword and flags (not
    at the keyword's end, where a typed character would make another keyword), and the
    instruction is one whose text the layout does not read and that holds no heredoc."""
    after_words = max([instruction.keyword_span.end, *(flag.span.end for flag in instruction.flags)])
    return (
        instruction.keyword in TEXT_OUTSIDE_LAYOUT
        and instruction.inner is None
        and not instruction.heredocs
        and change.start > after_words
        and change.old_end <= instruction.span.end
    )


def _same_line_kind(change: TextChange, escape: str) -> bool:
    """Whether the edited line, before and after, is neither blank nor a comment, and ends
    with a continuation in both or in neither (the parser's ``trim_continuation``: a character
    typed after an escape character and the blanks after it ends the instruction there)."""
    before, after = change.before, change.after
    line_start = before.rfind("\n", 0, change.start) + 1
    line_end = before.find("\n", change.old_end)
    line_end = len(before) if line_end < 0 else line_end
    old_line = before[line_start:line_end].removesuffix("\r")
    new_line = after[line_start : line_end + change.new_end - change.old_end].removesuffix("\r")
    for line in (old_line, new_line):
        content = line.strip()
        if not content or content.startswith("#"):
            return False
    return trim_continuation(old_line, escape)[1] == trim_continuation(new_line, escape)[1]
