"""The Dockerfile model the parser builds: instructions, tokens and their exact places.

Every place in the model is a ``Span``: a half-open range of *character offsets* into the
document text (Python ``str`` indices, i.e. Unicode code points). ``LineIndex`` turns offsets
into (line, column) pairs and back; the LSP layer converts columns to the client's encoding.

Text that BuildKit assembles from pieces of the document (an instruction continued over several
lines, a heredoc body with leading tabs stripped) is a ``MappedText``: the assembled string plus
the document offset of each of its characters, so anything found in it maps back exactly.
"""

from __future__ import annotations

import bisect
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, compress, count
from operator import attrgetter, is_not, itemgetter
from typing import TYPE_CHECKING

from .pragmas import BuildCheckSettings, Pragma, hadolint_shell, read_instruction_checks, read_pragmas
from .span import Span as Span  # re-exported: every module imports Span from here


class LineIndex:
    """Converts between character offsets and 0-based (line, column) positions.

    A line ends at ``\\n``; a ``\\r`` before it belongs to the line break, not the line's content.
    Columns count code points. Offsets past the end clamp to the end.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self.line_starts: list[int] = starts

    @classmethod
    def after_edit(cls, old: LineIndex, text: str, start: int, old_end: int, new_end: int) -> LineIndex:
        """The index of ``text``, where ``old.text[start:old_end]`` became ``text[start:new_end]``:
        the line starts before the edit kept, those after it moved, only the edited part read."""
        index = cls.__new__(cls)
        index.text = text
        starts = old.line_starts
        head = starts[: bisect.bisect_right(starts, start)]
        find = text.find
        pos = find("\n", start, new_end)
        while pos != -1:
            head.append(pos + 1)
            pos = find("\n", pos + 1, new_end)
        by = new_end - old_end
        head.extend([at + by for at in starts[bisect.bisect_right(starts, old_end) :]])
        index.line_starts = head
        return index

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def position(self, offset: int) -> tuple[int, int]:
        """0-based (line, column) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line, offset - self.line_starts[line]

    def offset(self, line: int, column: int) -> int:
        """Character offset of a 0-based (line, column); both clamp into the document."""
        if line < 0:
            return 0
        if line >= len(self.line_starts):
            return len(self.text)
        start = self.line_starts[line]
        return min(start + max(column, 0), self.line_end(line))

    def line_end(self, line: int) -> int:
        """Offset just past the line's content (before its ``\\r\\n`` or ``\\n``)."""
        if line + 1 < len(self.line_starts):
            end = self.line_starts[line + 1] - 1
            if end > self.line_starts[line] and self.text[end - 1] == "\r":
                end -= 1
            return end
        return len(self.text)

    def line_text(self, line: int) -> str:
        return self.text[self.line_starts[line] : self.line_end(line)]

    def text_before(self, line: int, offset: int) -> str:
        """The text of line ``line`` before ``offset``, an offset on that line (an instruction's
        first line before its keyword: its lead)."""
        return self.text[self.line_starts[line] : offset]


class MappedText:
    """A string assembled from pieces of the document, with each character's document offset.

    ``offsets[i]`` is the document offset of ``text[i]``; ``offsets[len(text)]`` is the offset
    just past the last character (so an end-exclusive index maps too).
    """

    __slots__ = ("text", "offsets")

    def __init__(self, text: str, offsets: Sequence[int]) -> None:
        if len(offsets) != len(text) + 1:
            raise ValueError("MappedText needs one offset per character plus the end")
        self.text = text
        self.offsets = offsets

    @classmethod
    def contiguous(cls, text: str, start: int) -> MappedText:
        """Text that stands in the document as it is, starting at ``start``."""
        return cls(text, range(start, start + len(text) + 1))

    @classmethod
    def join(cls, pieces: Sequence[tuple[str, int]]) -> MappedText:
        """Concatenate (text, document start) pieces; each piece is contiguous in the document."""
        text = "".join(p for p, _ in pieces)
        offsets: list[int] = []
        for piece, start in pieces:
            offsets.extend(range(start, start + len(piece)))
        if pieces:
            last_text, last_start = pieces[-1]
            offsets.append(last_start + len(last_text))
        else:
            offsets.append(0)
        return cls(text, offsets)

    def doc_offset(self, index: int) -> int:
        index = max(0, min(index, len(self.text)))
        return self.offsets[index]

    def doc_span(self, start: int, end: int) -> Span:
        """Document span of ``text[start:end]``; the end maps to just past the last character."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        if end == start:
            at = self.offsets[start]
            return Span(at, at)
        return Span(self.offsets[start], self.offsets[end - 1] + 1)

    def slice(self, start: int, end: int) -> MappedText:
        return MappedText(self.text[start:end], list(self.offsets[start:end]) + [self.doc_offset(end)])

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        return f"MappedText({self.text!r})"


@dataclass
class Token:
    """A word of an instruction's arguments: its value as BuildKit sees it, and where it stands."""

    value: str
    span: Span


@dataclass
class Flag:
    """A builder flag such as ``--mount=type=cache,target=/root/.cache`` or a bare ``--link``."""

    name: str  # without the leading dashes: "mount"
    value: str | None  # None for a bare flag ("--link"); "" for "--from="
    span: Span  # the whole flag word
    name_span: Span
    value_span: Span | None

    @property
    def text(self) -> str:
        return f"--{self.name}" if self.value is None else f"--{self.name}={self.value}"


@dataclass
class Heredoc:
    """One heredoc attached to an instruction (``<<EOF`` ... ``EOF``)."""

    name: str  # delimiter word, quotes removed
    chomp: bool  # ``<<-``: leading tabs stripped from body lines and the terminator
    expand: bool  # False when the delimiter was quoted: no variable expansion in the body
    marker_span: Span  # ``<<EOF`` (or ``<<-"EOF"``) in the instruction line
    body: MappedText  # content as BuildKit gives it (tabs stripped for chomp), ends with "\n" per line
    terminator_span: Span | None  # the terminator line's word; None when unterminated
    file_descriptor: int = 0  # ``3<<EOF`` gives 3


@dataclass
class Instruction:
    """One Dockerfile instruction, continuations and heredocs included.

    ``keyword`` is upper case whatever the source's case; ``keyword_text`` keeps the source's.
    ``args`` follows BuildKit's per-instruction parsing (the ``value`` list of its node): for a
    shell-form RUN one token holding the whole command line, for FROM the whitespace-separated
    words, for ENV/LABEL alternating keys and values, for exec form the JSON strings.
    ``rest`` is the argument text after the flags, continuations joined and comment lines
    dropped, mapped back into the document; shell analysis works on it.
    """

    keyword: str
    keyword_text: str
    keyword_span: Span
    span: Span  # from the keyword to the end of the last line (heredoc terminators included)
    start_line: int  # 0-based line of the keyword
    end_line: int  # 0-based last line, heredocs included
    flags: list[Flag] = field(default_factory=list)
    args: list[Token] = field(default_factory=list)
    rest: MappedText = field(default_factory=lambda: MappedText("", [0]))
    is_json: bool = False  # exec form (valid JSON array of strings)
    heredocs: list[Heredoc] = field(default_factory=list)
    inner: Instruction | None = None  # for ONBUILD: the wrapped instruction
    original: str = ""  # the logical line as BuildKit records it (continuations joined)
    parent: Instruction | None = None  # for an ONBUILD's inner instruction: the ONBUILD
    first_line_end: int = 0  # offset just past the content of the keyword's line

    def flag(self, name: str) -> Flag | None:
        """The last flag of that name (BuildKit lets a later one win), or None."""
        found = None
        for f in self.flags:
            if f.name == name:
                found = f
        return found

    def flags_named(self, name: str) -> list[Flag]:
        return [f for f in self.flags if f.name == name]

    @property
    def effective(self) -> Instruction:
        """The instruction that takes effect: the inner one for ONBUILD, else itself."""
        return self.inner if self.inner is not None else self

    @property
    def is_shell_form(self) -> bool:
        return not self.is_json

    @property
    def line_span(self) -> Span:
        """The first line of the instruction, keyword to end of that line's content."""
        return Span(self.keyword_span.start, max(self.keyword_span.end, self.first_line_end))


@dataclass
class Comment:
    """A comment line (``# ...``), including parser directives and pragmas."""

    text: str  # after '#', stripped
    span: Span  # from '#' to the end of the line's content
    line: int
    inside_instruction: bool = False  # a comment line inside a continued instruction


@dataclass
class Directive:
    """A parser directive (``# syntax=``, ``# escape=``, ``# check=``) BuildKit accepted."""

    name: str  # lower case
    value: str
    span: Span  # the whole comment line
    name_span: Span
    value_span: Span


@dataclass
class SyntaxIssue:
    """Something the builder would reject, found while parsing. Becomes an SZ0xx diagnostic."""

    code: str  # "SZ001"
    message: str
    span: Span


@dataclass(frozen=True)
class MovedTail:
    """The last ``count`` instructions of a re-parse are those of ``origin`` (the parse it was
    made on, while it lives), moved ``chars`` characters and ``lines`` lines on."""

    origin: Callable[[], Dockerfile | None]  # a weak reference: the previous parse may go
    count: int
    chars: int
    lines: int

    def of(self, previous: Dockerfile) -> MovedTail | None:
        """This, when ``previous`` is the parse it was made on."""
        return self if self.origin() is previous else None

    def __reduce__(self) -> tuple[type[MovedTail], tuple[Callable[[], None], int, int, int]]:
        """Pickled (for another process), it no longer knows the parse it was made on."""
        return MovedTail, (_no_origin, self.count, self.chars, self.lines)


def _no_origin() -> None:
    return None


@dataclass
class Dockerfile:
    """A parsed Dockerfile: the text, its instructions in order, comments, directives, issues."""

    text: str
    lines: LineIndex
    instructions: list[Instruction]
    comments: list[Comment]
    directives: list[Directive]
    escape: str  # "\\" or "`"
    issues: list[SyntaxIssue]
    #: the issues found while reading the text (before the whole-document checks are added)
    parse_issues: list[SyntaxIssue] = field(default_factory=list)
    #: for a re-parse, the instructions it took over from the previous parse, moved
    moved: MovedTail | None = None

    if not TYPE_CHECKING:  # to the type checker, ``comments`` is the field it is

        def __getattr__(self, name: str) -> object:
            """``comments``, made when first read from what a re-parse left
            (``syntax/moved_comments.py``: those after the edit are moved when read)."""
            state = self.__dict__
            after_edit = state.get("_comments_after_edit") if name == "comments" else None
            if after_edit is None:
                if name == "comments" and "comments" in state:  # made by another thread meanwhile
                    return state["comments"]
                raise AttributeError(name)
            comments = state.setdefault("comments", after_edit.listed(0, len(after_edit)))
            state.pop("_comments_after_edit", None)
            return comments

    def directive(self, name: str) -> Directive | None:
        for d in self.directives:
            if d.name == name:
                return d
        return None

    def kept_ends(self, previous: Dockerfile) -> tuple[int, int]:
        """How many of the instructions at the start are ``previous``'s (the same objects), and
        how many at the end are ``previous``'s moved (the moved tail, when this parse was made
        on ``previous``; else none), not overlapping: what is remembered per instruction of one
        parse is carried to the next for those, and made again for the others. Worked out once
        for the last ``previous`` asked about, while it lives: after a keystroke the findings
        memo, the build context's inputs and the rules' kept answers all ask it of the same two
        parses, and a parse does not change."""
        last: tuple[weakref.ref[Dockerfile], tuple[int, int]] | None = self.__dict__.get("_kept_ends")
        if last is not None and last[0]() is previous:
            return last[1]
        old, new = previous.instructions, self.instructions
        moved = self.moved.of(previous) if self.moved is not None else None
        tail = moved.count if moved is not None else 0
        kept = max(0, min(len(new), len(old)) - tail)
        ends = next(compress(count(), map(is_not, new[:kept], old)), kept), tail
        self.__dict__["_kept_ends"] = (weakref.ref(previous), ends)
        return ends

    def walk(self) -> Iterator[Instruction]:
        """Every instruction, and after each ONBUILD its inner instruction."""
        for ins in self.instructions:
            yield ins
            if ins.inner is not None:
                yield ins.inner

    @cached_property
    def keyword_positions(self) -> dict[str, list[int]]:
        """Where the instructions of ``walk()`` with each keyword stand, in document order: the
        index of each in ``instructions``, or for an ONBUILD's inner instruction ``~index`` of
        its ONBUILD. A re-parse carries it over from the parse it was made on (the positions
        after the edit shifted), so that ``of_keyword`` does not walk the file again."""
        found: dict[str, list[int]] = {}
        for at, ins in enumerate(self.instructions):
            found.setdefault(ins.keyword, []).append(at)
            if ins.inner is not None:
                found.setdefault(ins.inner.keyword, []).append(~at)
        return found

    @cached_property
    def _by_keyword(self) -> dict[str, list[Instruction]]:
        instructions = self.instructions
        return {keyword: _standing_at(instructions, at) for keyword, at in self.keyword_positions.items()}

    def of_keyword(self, keyword: str) -> list[Instruction]:
        """The instructions of ``walk()`` with that keyword (upper case), in document order:
        indexed once, so that the rules about one kind of instruction do not each walk the file.
        The list is shared: do not change it."""
        return self._by_keyword.get(keyword, [])

    def of_keywords(self, *keywords: str) -> list[Instruction]:
        """The instructions of ``walk()`` with any of ``keywords`` (upper case), in document order
        (their ``keyword_positions`` merged once per set of keywords: no instruction's place is
        read, which an edit moves). The list is shared: do not change it."""
        found = self._of_keywords.get(keywords)
        if found is None:
            lists = [self.keyword_positions.get(keyword, []) for keyword in keywords]
            positions = sorted(chain.from_iterable(lists), key=_walk_order)
            found = self._of_keywords[keywords] = _standing_at(self.instructions, positions)
        return found

    @cached_property
    def _of_keywords(self) -> dict[tuple[str, ...], list[Instruction]]:
        return {}

    @cached_property
    def pragmas(self) -> list[Pragma]:
        """Every suppression pragma in the file, in order (``syntax/pragmas.py`` lists the forms).
        A re-parse takes them over when it can (``syntax/incremental.py``). The list is shared:
        do not change it."""
        return read_pragmas(self)

    @cached_property
    def shell_pragma(self) -> str | None:
        """The shell named by ``# hadolint shell=...`` (the last one wins), if any. A re-parse
        takes it over when it can."""
        return hadolint_shell(self)

    @cached_property
    def instruction_checks(self) -> dict[int, tuple[Comment, BuildCheckSettings]]:
        """BuildKit's per-instruction ``# check=`` comments: instruction start offset -> (the
        comment, its settings). A re-parse takes them over when it can. Shared: do not change it."""
        return read_instruction_checks(self)

    def instruction_at(self, offset: int) -> Instruction | None:
        """The top-level instruction whose span covers the offset, if any."""
        instructions = self.instructions
        i = self.index_at(offset)
        return instructions[i] if i >= 0 and offset <= instructions[i].span.end else None

    def index_at(self, offset: int) -> int:
        """The index of the last top-level instruction that starts at or before ``offset`` (-1
        when none does), found by bisection: the spans of a few instructions are read, not every
        one before it."""
        return bisect.bisect_right(self.instructions, offset, key=_span_start) - 1


def _standing_at(instructions: list[Instruction], positions: list[int]) -> list[Instruction]:
    """The instructions at ``positions`` (``Dockerfile.keyword_positions``' form)."""
    if len(positions) > 1 and min(positions) >= 0:
        return list(itemgetter(*positions)(instructions))  # one call, not a step per position
    return [instructions[at] if at >= 0 else instructions[~at].effective for at in positions]


def _walk_order(position: int) -> int:
    """Where the instruction at a ``Dockerfile.keyword_positions`` position comes in ``walk()``:
    an ONBUILD's inner instruction right after its ONBUILD."""
    return 2 * position if position >= 0 else 2 * ~position + 1


#: an instruction's start, as a sort key
_span_start = attrgetter("span.start")
