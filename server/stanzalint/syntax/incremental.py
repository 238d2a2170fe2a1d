"""Re-parse after an edit: ``reparse(old, text)`` equals ``parse(text)``, reading only what changed.

An edit replaces one range of the old text (found by comparing the two texts around the
range the caller knows, if any). The parser restarts at the instruction that holds the edit's
first line, or the last one before it: lines before that instruction cannot change meaning,
since an instruction's extent (continuations, comment lines inside, heredoc bodies) is decided
by its own lines. It reads on until it stands, between two instructions, at a line after the
edit where an old instruction started: the parser state there is the old one (the escape
character and the directives are fixed before the first instruction), so every later
instruction, comment and issue is the old one, moved by the edit's length. A continuation or
heredoc opener that the edit adds or removes simply moves that meeting point further down. An edit before the second instruction (parser
directives, a byte order mark, the first line's continuation) re-parses the whole text.

The moved instructions are copies whose places are made when first read (most readers look at
no more than a moved instruction's keyword); those before the edit are the old objects.
The comments after the edit are moved when read (``moved_comments.CommentsAfterEdit``).
The whole text is not read again: the line index is the old one with the edited lines re-read
and the later ones moved, the parser reads its physical lines off it as it reaches them, and
the issues an instruction has on its own (``checks``) are re-checked only for the re-parsed
instructions (the others' are moved with them). What the old parse read from its comments (the
suppression pragmas, the ``# check=`` comments above instructions, the ``# hadolint shell=``)
is taken over, moved, when the edit left the comments it may read as they were and above the
instructions they stood above.
"""

from __future__ import annotations

import bisect
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

from .checks import STAGE_ORDER_CODES, check_instructions, check_stage_order
from .mapping import PieceOffsets
from .model import (
    Comment,
    Dockerfile,
    Flag,
    Heredoc,
    Instruction,
    LineIndex,
    MappedText,
    MovedTail,
    Span,
    SyntaxIssue,
    Token,
)
from .moved import LazilyMoved, origin_and_delta
from .moved_comments import CommentsAfterEdit, comments_of, first_from_line, first_from_offset, listed, moved_comment
from .parser import _Parser, issue_order, parse
from .pragmas import Pragma, may_be_read, may_check_instruction, moved_pragma

#: the last long texts compared by ``changed_range`` and what it found: the re-parse, the
#: publish's encoder and the ShellCheck pass each compare the same two documents after a
#: keystroke. Held, the texts cannot be freed and their ids reused while they are here.
_last_compared: tuple[tuple[str, str, tuple[int, int, int] | None], ...] = ()
_REMEMBERED_FROM = 2048  # characters


def changed_range(old: str, new: str, within: tuple[int, int, int] | None = None) -> tuple[int, int, int] | None:
    """(start, old_end, new_end): ``old[start:old_end]`` became ``new[start:new_end]``, the
    rest being equal: the longest common prefix, then the longest common suffix not overlapping
    it; None when the texts are equal. ``within``: such a range known already (the edit a client
    sent), not necessarily the narrowest; the texts are then compared only around it. For long
    texts, the answer for the same two text objects as one of the last two such calls is that
    call's."""
    global _last_compared
    if len(old) < _REMEMBERED_FROM:  # cheap to compare again (a row's text, a short file)
        return _changed_range(old, new, within)
    last = _last_compared  # replaced whole, never changed: safe from the server's other threads
    for before, after, found in last:
        if before is old and after is new:
            return found
    found = _changed_range(old, new, within)
    _last_compared = ((old, new, found), *last[:1])
    return found


def _changed_range(old: str, new: str, within: tuple[int, int, int] | None = None) -> tuple[int, int, int] | None:
    """``changed_range`` without the memory of the last answers: the common prefix is grown
    from ``within``'s start, then the common suffix from ``within``'s, not overlapping it (from
    nothing, by halves of the whole length, when nothing is known)."""
    start, old_end, _ = within if within is not None else (0, len(old), len(new))
    limit, near = min(len(old), len(new)), within is not None
    start += _equal_run(old, new, start, limit - start, forward=True, near=near)
    if start == len(old) == len(new):
        return None
    most, known = limit - start, len(old) - old_end  # the common suffix's length lies in [known, most]
    suffix = most if known >= most else known + _equal_run(old, new, known, most - known, forward=False, near=near)
    return start, len(old) - suffix, len(new) - suffix


def _equal_run(old: str, new: str, at: int, most: int, *, forward: bool, near: bool) -> int:
    """How many characters (at most ``most``) are equal in both texts going on from ``at``:
    forward from offset ``at``, or (``forward`` False) backward from ``at`` characters before
    each end. Found by halves; when the run is likely short (``near``: the texts are known to
    differ close by), in chunks doubling from one first, then by halves in the first unequal
    one, which costs comparisons of about twice the run's length instead of ``most``'s."""
    gap = len(new) - len(old)

    def equal(a: int, b: int) -> bool:  # characters a to b of the run (not counting ``at``)
        if forward:
            return new.startswith(old[at + a : at + b], at + a)
        end = len(old) - at
        return new.startswith(old[end - b : end - a], end - b + gap)

    lo, hi = 0, most + 1  # the first lo characters are equal, the first hi are not
    step = 1 if near else most + 1
    while step <= most - lo:
        if not equal(lo, lo + step):
            hi = lo + step
            break
        lo, step = lo + step, step * 2
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if equal(lo, mid):
            lo = mid
        else:
            hi = mid
    return lo


def reparse(old: Dockerfile, text: str, edit: tuple[int, int, int] | None = None) -> Dockerfile:
    """The parse of ``text``, reusing ``old`` (the parse of the text before one edit). ``edit``:
    where the edit is known to lie, if known (see ``changed_range``)."""
    edit = changed_range(old.text, text, edit)
    if edit is None:
        return old
    start, old_end, new_end = edit
    first_line = old.lines.position(start)[0]
    instructions = old.instructions
    k = bisect.bisect_right(instructions, first_line, key=_start_line) - 1
    if k < 1:
        return parse(text)
    restart = instructions[k].start_line
    restart_at = old.lines.line_starts[restart]
    last_old_line = old.lines.position(old_end)[0]
    chars = new_end - old_end
    lines = text.count("\n", start, new_end) - old.text.count("\n", start, old_end)

    def meeting(line: int) -> int | None:
        """The old instruction after the edit that started where new line ``line`` stands."""
        old_line = line - lines
        if old_line <= last_old_line:
            return None
        index = bisect.bisect_left(instructions, old_line, k + 1, key=_start_line)
        return index if index < len(instructions) and instructions[index].start_line == old_line else None

    line_index = LineIndex.after_edit(old.lines, text, start, old_end, new_end)
    parser = _Parser(text, line_index)
    parser.escape = old.escape
    parser.directives_done = True
    stopped = parser.read(restart, lambda line: meeting(line) is not None)
    window = parser.long_lines(restart, stopped) + parser.issues

    reused = meeting(stopped)
    tail: list[Instruction] = []
    old_comments = comments_of(old)
    tail_comments = 0
    tail_issues: list[SyntaxIssue] = []
    tail_checks: list[SyntaxIssue] = []
    parse_ids = {id(i) for i in old.parse_issues}
    checks = [i for i in old.issues if id(i) not in parse_ids and i.code not in STAGE_ORDER_CODES]
    if reused is not None:
        old_line = instructions[reused].start_line
        old_at = old.lines.line_starts[old_line]
        tail = moved_instructions(instructions[reused:], chars, lines)
        first_comment = first_from_line(old_comments, old_line)
        tail_comments = len(old_comments) - first_comment
        tail_issues = [_moved_issue(i, chars) for i in old.parse_issues if i.span.start >= old_at]
        tail_checks = [_moved_issue(i, chars) for i in checks if i.span.start >= old_at]
    head_issues = [i for i in old.parse_issues if i.span.start < restart_at]
    parse_issues = head_issues + window + tail_issues
    issues = parse_issues + [i for i in checks if i.span.start < restart_at]
    check_instructions(parser.instructions, issues)
    head_comments = first_from_line(old_comments, restart)
    head = listed(old_comments, 0, head_comments) + parser.comments
    dockerfile = Dockerfile(
        text=text,
        lines=line_index,
        instructions=instructions[:k] + parser.instructions + tail,
        comments=head,
        directives=old.directives,
        escape=old.escape,
        issues=issues + tail_checks,
        parse_issues=parse_issues,
        moved=MovedTail(weakref.ref(old), len(tail), chars, lines) if tail else None,
    )
    check_stage_order(dockerfile, dockerfile.issues)
    dockerfile.issues.sort(key=issue_order)
    if tail_comments:  # moved when read
        moved = CommentsAfterEdit.moved(head, old_comments, first_comment, chars, lines)
        del dockerfile.__dict__["comments"]
        dockerfile.__dict__["_comments_after_edit"] = moved
    _take_over_readings(old, dockerfile, _Edit(start, old_end, chars, lines), k, tail_comments)
    positions = old.__dict__.get("keyword_positions")
    if positions is not None:
        reached = len(instructions) if reused is None else reused
        carried = _carried_positions(positions, instructions, k, reached, parser.instructions)
        dockerfile.__dict__["keyword_positions"] = carried
    return dockerfile


def _carried_positions(
    old: dict[str, list[int]], old_instructions: list[Instruction], k: int, reused: int, reparsed: list[Instruction]
) -> dict[str, list[int]]:
    """``Dockerfile.keyword_positions`` of a re-parse, from the old parse's (``old``): the
    instructions before ``k`` are the old ones, ``reparsed`` stand from ``k`` on, and the old
    ones from ``reused`` on follow them, moved. The old parse's own when ``reparsed`` replaced
    as many instructions of the same keywords (an edit inside one instruction)."""
    shift = k + len(reparsed) - reused
    if shift == 0 and all(map(_same_keywords, reparsed, old_instructions[k:reused])):
        return old
    found: dict[str, list[int]] = {}
    for keyword, positions in old.items():
        head = bisect.bisect_left(positions, k, key=_instruction_index)
        tail = bisect.bisect_left(positions, reused, head, key=_instruction_index)
        kept = positions[:head]
        if tail < len(positions):
            kept += positions[tail:] if shift == 0 else _shifted(positions[tail:], shift)
        if kept:
            found[keyword] = kept
    for at, ins in enumerate(reparsed, k):
        _insert_position(found, ins.keyword, at)
        if ins.inner is not None:
            _insert_position(found, ins.inner.keyword, ~at)
    return found


def _same_keywords(new: Instruction, old: Instruction) -> bool:
    """Whether ``new`` stands in ``keyword_positions`` as ``old`` did: the same keyword, and the
    same inner instruction's if any."""
    if new.keyword != old.keyword:
        return False
    inner, old_inner = new.inner, old.inner
    return inner is None if old_inner is None else inner is not None and inner.keyword == old_inner.keyword


def _shifted(positions: list[int], shift: int) -> list[int]:
    """``keyword_positions`` positions of instructions ``shift`` places further on (an edit that
    adds or removes instructions before them; typing within one moves none)."""
    return [at + shift if at >= 0 else at - shift for at in positions]


def _insert_position(found: dict[str, list[int]], keyword: str, at: int) -> None:
    positions = found.setdefault(keyword, [])
    positions.insert(bisect.bisect_right(positions, _instruction_index(at), key=_instruction_index), at)


def _instruction_index(position: int) -> int:
    """The index in ``instructions`` of the instruction at a ``keyword_positions`` position."""
    return position if position >= 0 else ~position


@dataclass(frozen=True)
class _Edit:
    """``old.text[start:old_end]`` replaced: what stood after it is ``chars`` characters and
    ``lines`` lines further on."""

    start: int
    old_end: int
    chars: int
    lines: int

    def moved(self, offset: int) -> int:
        """Where an offset of the old text that the edit did not replace stands now."""
        return offset + self.chars if offset >= self.old_end else offset

    def kept(self, comment: Comment, now: Comment) -> bool:
        """Whether ``now`` is ``comment``, untouched by the edit and moved by it."""
        if comment.span.end < self.start:
            return now == comment
        return comment.span.start >= self.old_end and now == moved_comment(comment, self.chars, self.lines)


def _take_over_readings(old: Dockerfile, new: Dockerfile, edit: _Edit, k: int, tail: int) -> None:
    """Give ``new`` what ``old`` read from its comments (``shell_pragma``, ``instruction_checks``,
    ``pragmas``), moved by the edit, when the edit left every comment these may read
    (``may_be_read``) as it was and each ``# check=`` comment above the instruction it stood
    above. ``k``: the first re-parsed instruction; ``tail``: how many comments at the end were
    taken over, moved. The comments compared are those above the re-parsed instructions and the
    instruction after them: the others are the old ones."""
    old_comments, new_comments = comments_of(old), comments_of(new)
    first = first_from_offset(old_comments, old.instructions[k - 1].span.start, after=True)
    was = [c for c in listed(old_comments, first, len(old_comments) - tail) if may_be_read(c)]
    now = [c for c in listed(new_comments, first, len(new_comments) - tail) if may_be_read(c)]
    if len(was) != len(now) or not all(map(edit.kept, was, now)):
        return
    readings, taken = old.__dict__, new.__dict__
    if "shell_pragma" in readings:
        taken["shell_pragma"] = readings["shell_pragma"]
    if "instruction_checks" not in readings or not _blocks_kept(old, new, was, now, edit):
        return
    taken["instruction_checks"] = {
        edit.moved(start): (_comment_at(new, edit.moved(comment.span.start)), settings)
        for start, (comment, settings) in readings["instruction_checks"].items()
    }
    if "pragmas" in readings:
        taken["pragmas"] = [_moved_pragma(p, new, edit) for p in readings["pragmas"]]


def _blocks_kept(old: Dockerfile, new: Dockerfile, was: list[Comment], now: list[Comment], edit: _Edit) -> bool:
    """Whether each ``# check=`` comment and empty ``#`` of ``was`` (``now`` after the edit) stands
    above the instruction it stood above, moved, and those that stood above different
    instructions still do: then every instruction's block of them is the one it had."""
    was = [c for c in was if may_check_instruction(c)]
    if not any(c.text for c in was):
        return True  # no ``# check=`` comment: no instruction they are above has one
    before = [_instruction_after(old, c) for c in was]
    after = [_instruction_after(new, c) for c in now if may_check_instruction(c)]
    moved = [None if at is None else edit.moved(at) for at in before]
    return moved == after and len(set(before)) == len(set(after))


def _instruction_after(dockerfile: Dockerfile, comment: Comment) -> int | None:
    """The start of the first instruction after the comment, if any."""
    instructions = dockerfile.instructions
    at = bisect.bisect_right(instructions, comment.span.start, key=_span_start)
    return instructions[at].span.start if at < len(instructions) else None


def _comment_at(dockerfile: Dockerfile, start: int) -> Comment:
    comments = comments_of(dockerfile)
    return comments[first_from_offset(comments, start)]


def _moved_pragma(pragma: Pragma, new: Dockerfile, edit: _Edit) -> Pragma:
    """``pragma`` of the parse before the edit, as the parse ``new`` after it reads it."""
    chars = edit.moved(pragma.span.start) - pragma.span.start
    comment = None if pragma.comment is None else _comment_at(new, pragma.comment.span.start + chars)
    return pragma if chars == 0 and comment is pragma.comment else moved_pragma(pragma, chars, comment)


def _start_line(ins: Instruction) -> int:
    return ins.start_line


def _span_start(ins: Instruction) -> int:
    return ins.span.start


def _moved_issue(issue: SyntaxIssue, chars: int) -> SyntaxIssue:
    return SyntaxIssue(issue.code, issue.message, _moved(issue.span, chars))


@overload
def _moved(span: Span, chars: int) -> Span: ...
@overload
def _moved(span: Span | None, chars: int) -> Span | None: ...
def _moved(span: Span | None, chars: int) -> Span | None:
    return None if span is None else span.moved(chars)


def _moved_offset(offset: int, chars: int) -> int:
    """Where an offset after the edit stands now."""
    return offset + chars


def _moved_offsets(offsets: Sequence[int], chars: int) -> Sequence[int]:
    if isinstance(offsets, PieceOffsets):
        return PieceOffsets(
            offsets.starts, [d + chars for d in offsets.docs], offsets.length, offsets.shift, offsets.empty_at + chars
        )
    if isinstance(offsets, range):
        return range(offsets.start + chars, offsets.stop + chars, offsets.step)
    return [o + chars for o in offsets]


def _moved_text(mt: MappedText, chars: int) -> MappedText:
    return MappedText(mt.text, _moved_offsets(mt.offsets, chars))


def moved_instructions(instructions: list[Instruction], chars: int, lines: int) -> list[Instruction]:
    """Each of ``instructions`` standing ``chars`` characters and ``lines`` lines further on:
    ``MovedInstruction`` copies (the instructions themselves when they did not move). One loop
    for the whole run: a keystroke moves every instruction after it, and most readers look at
    no more than its keyword. So a copy holds only its keyword, lines and form (``is_json``),
    the ONBUILD's inner instruction or parent, and where it moved from: every place is moved
    when first read, and the logical line is read from the origin. A copy of a copy without an
    inner instruction (the instructions after the keystroke before, while typing) is its slots
    set at once: whatever was read of it is made again from the origin when read. Typing within
    a line moves no line: a copy holds the very line numbers of the instruction it copies."""
    if chars == 0 and lines == 0:
        return list(instructions)
    new_object, cls = object.__new__, MovedInstruction
    moved: list[Instruction] = []
    append = moved.append
    for ins in instructions:
        if ins.__class__ is cls and ins.inner is None:  # no ONBUILD: it has more
            new = new_object(cls)
            new.keyword, new.keyword_text, new.is_json = ins.keyword, ins.keyword_text, ins.is_json
            if lines:
                new.start_line, new.end_line = ins.start_line + lines, ins.end_line + lines
            else:
                new.start_line, new.end_line = ins.start_line, ins.end_line
            new._origin, new._delta = ins._origin, ins._delta + chars
            append(new)
        else:
            append(_moved_copy(ins, chars, lines))
    return moved


def _moved_copy(ins: Instruction, chars: int, lines: int) -> MovedInstruction:
    """``ins`` ``chars`` characters and ``lines`` lines on, as ``moved_instructions`` makes a copy
    of an instruction that is not a copy of a top-level instruction (an instruction of a
    parse, an ONBUILD with its inner instruction)."""
    origin, delta = origin_and_delta(ins, chars)
    new: MovedInstruction = object.__new__(MovedInstruction)
    new.keyword, new.keyword_text, new.is_json = ins.keyword, ins.keyword_text, ins.is_json
    if lines:
        new.start_line, new.end_line = ins.start_line + lines, ins.end_line + lines
    else:
        new.start_line, new.end_line = ins.start_line, ins.end_line
    new._origin, new._delta = origin, delta
    inner = ins.inner
    if inner is not None:
        moved_inner = new.inner = _moved_copy(inner, chars, lines)
        moved_inner.parent = new
    return new


def _moved_flags(flags: list[Flag], chars: int) -> list[Flag]:
    return [
        Flag(f.name, f.value, _moved(f.span, chars), _moved(f.name_span, chars), _moved(f.value_span, chars))
        for f in flags
    ]


def _moved_tokens(tokens: list[Token], chars: int) -> list[Token]:
    return [Token(t.value, t.span.moved(chars)) for t in tokens]


def _moved_heredocs(heredocs: list[Heredoc], chars: int) -> list[Heredoc]:
    return [
        Heredoc(
            h.name,
            h.chomp,
            h.expand,
            _moved(h.marker_span, chars),
            _moved_text(h.body, chars),
            _moved(h.terminator_span, chars),
            h.file_descriptor,
        )
        for h in heredocs
    ]


class MovedInstruction(LazilyMoved, Instruction):
    """An instruction of an earlier parse where an edit moved it. Its places (its span, its
    first line's end, its keyword's), flags, argument tokens, argument text and heredocs are
    moved when first read (``LazilyMoved``). The fields every copy holds are slots: a copy is
    one object, with a dict only once a moved field is read (or an ONBUILD's inner
    instruction or parent is set). Its logical line (``original``), which few readers read,
    is the origin's."""

    __slots__ = ("keyword", "keyword_text", "start_line", "end_line", "is_json", "_origin", "_delta")
    _origin: Instruction
    _delta: int

    @property
    def original(self) -> str:  # type: ignore[override]  # read-only: the parsed instruction's
        return self._origin.original

    MOVERS = {
        "span": _moved,
        "first_line_end": _moved_offset,
        "keyword_span": _moved,
        "flags": _moved_flags,
        "args": _moved_tokens,
        "rest": _moved_text,
        "heredocs": _moved_heredocs,
    }
