"""The comments of a re-parse, those after the edit moved only when read.

A keystroke moves every comment after it, and a lint rarely reads them; the next keystroke's
re-parse reads only those near its edit. ``CommentsAfterEdit`` holds a re-parse's comments as
the ones before the edit (a list) and a run of an earlier parse's comments moved by a number of
characters and lines, made one by one when read, each once (the same object however often it
is read: what the parse takes over from its comments holds some of them).
``Dockerfile.comments`` makes the whole list from it when first read.
"""

from __future__ import annotations

import bisect

from .model import Comment


class CommentsAfterEdit:
    """``head``, then ``source[start:]`` each moved ``chars`` characters and ``lines`` lines on.
    A sequence: ``len``, an index (``bisect`` works on it) and ``listed`` for a slice."""

    __slots__ = ("head", "source", "start", "chars", "lines", "made")

    def __init__(self, head: list[Comment], source: list[Comment], start: int, chars: int, lines: int) -> None:
        self.head = head
        self.source = source
        self.start = start
        self.chars = chars
        self.lines = lines
        self.made: dict[int, Comment] = {}  # index in ``source`` -> its moved comment

    @classmethod
    def moved(cls, head: list[Comment], old: Comments, first: int, chars: int, lines: int) -> CommentsAfterEdit:
        """``head``, then the comments of ``old`` from index ``first`` on moved by ``chars`` and
        ``lines``: when ``old`` is itself a run moved after ``head``, its run moved further."""
        if isinstance(old, CommentsAfterEdit):
            if first < len(old.head):
                return cls(head, old.listed(0, len(old)), first, chars, lines)
            return cls(head, old.source, old.start + first - len(old.head), old.chars + chars, old.lines + lines)
        return cls(head, old, first, chars, lines)

    def __len__(self) -> int:
        return len(self.head) + len(self.source) - self.start

    def __getitem__(self, index: int) -> Comment:
        if index < 0:
            index += len(self)
        head = self.head
        if index < len(head):
            return head[index]
        return self.listed(index, index + 1)[0]

    def line_at(self, index: int) -> int:
        """``self[index].line``, without making the moved comment."""
        head = self.head
        if index < len(head):
            return head[index].line
        return self.source[index - len(head) + self.start].line + self.lines

    def start_at(self, index: int) -> int:
        """``self[index].span.start``, without making the moved comment."""
        head = self.head
        if index < len(head):
            return head[index].span.start
        return self.source[index - len(head) + self.start].span.start + self.chars

    def listed(self, start: int, end: int) -> list[Comment]:
        """``self[start:end]`` as a list: the moved ones made in one loop (a lint that reads the
        comments reads every one), each the one read before if any (the one made first, were
        two threads here)."""
        head = self.head
        if end <= len(head):
            return head[start:end]
        offset = self.start - len(head)
        first = max(start, len(head)) + offset
        found = head[start : len(head)]
        append, made, source, chars, lines = found.append, self.made, self.source, self.chars, self.lines
        for at in range(first, end + offset):
            comment = made.get(at)
            if comment is None:
                comment = made.setdefault(at, moved_comment(source[at], chars, lines))
            append(comment)
        return found


def moved_comment(comment: Comment, chars: int, lines: int) -> Comment:
    """``comment`` ``chars`` characters and ``lines`` lines on (made without ``__init__``'s
    call: a keystroke moves every comment after it)."""
    moved = _new_object(Comment)
    moved.__dict__ = {
        "text": comment.text,
        "span": comment.span.moved(chars),
        "line": comment.line + lines,
        "inside_instruction": comment.inside_instruction,
    }
    return moved


_new_object = object.__new__


#: the comments of a parse, as it holds them
Comments = list[Comment] | CommentsAfterEdit


def comments_of(dockerfile: object) -> Comments:
    """The comments of a parse as it holds them, without making them (``Dockerfile.comments``
    makes them all)."""
    state = dockerfile.__dict__
    found: Comments = state["comments"] if "comments" in state else state["_comments_after_edit"]
    return found


class _Positions:
    """The line (or start) of each of a re-parse's comments, read without making those moved:
    what ``bisect`` searches."""

    __slots__ = ("_comments", "_at")

    def __init__(self, comments: CommentsAfterEdit, by_line: bool) -> None:
        self._comments = comments
        self._at = comments.line_at if by_line else comments.start_at

    def __len__(self) -> int:
        return len(self._comments)

    def __getitem__(self, index: int) -> int:
        return self._at(index)


def first_from_line(comments: Comments, line: int) -> int:
    """The index of the first comment on ``line`` or after it (``bisect_left`` by line)."""
    if isinstance(comments, CommentsAfterEdit):
        return bisect.bisect_left(_Positions(comments, by_line=True), line)
    return bisect.bisect_left(comments, line, key=_line)


def first_from_offset(comments: Comments, offset: int, *, after: bool = False) -> int:
    """The index of the first comment starting at ``offset`` or after it, or strictly after it
    when ``after`` (``bisect_left`` or ``bisect_right`` by start)."""
    search = bisect.bisect_right if after else bisect.bisect_left
    if isinstance(comments, CommentsAfterEdit):
        return search(_Positions(comments, by_line=False), offset)
    return search(comments, offset, key=_start)


def _line(comment: Comment) -> int:
    return comment.line


def _start(comment: Comment) -> int:
    return comment.span.start


def listed(comments: Comments, start: int, end: int) -> list[Comment]:
    """``comments[start:end]`` as a list."""
    return comments.listed(start, end) if isinstance(comments, CommentsAfterEdit) else comments[start:end]
