"""The Dockerfile parser: BuildKit's grammar, line for line, with exact ranges.

The structure follows BuildKit's ``parser.Parse``: a physical line is read, left-trimmed,
stripped of a comment, checked for a parser directive and for a trailing escape character;
continuation lines are appended (comment lines and blank lines inside are skipped); the
logical line is split into keyword, flags and arguments by the instruction's line parser;
heredoc bodies follow. Where BuildKit would stop with an error this parser records a
``SyntaxIssue`` and goes on with the next instruction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Callable

from . import issues as K
from .checks import KNOWN_INSTRUCTIONS, check_document
from .gotext import GO_SPACE, RE_WHITESPACE, byte_space, trim_space_bounds
from .heredoc import HeredocSpec, heredocs_in_line
from .mapping import mapped, span_of, sub
from .model import (
    Comment,
    Directive,
    Dockerfile,
    Flag,
    Heredoc,
    Instruction,
    LineIndex,
    MappedText,
    Span,
    SyntaxIssue,
    Token,
)
from .words import NotStringArray, RawFlag, extract_flags, parse_json_array, parse_words, whitespace_words

_DIRECTIVE = re.compile(r"#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*\Z")
DIRECTIVE_NAMES = ("syntax", "escape", "check")
HEREDOC_INSTRUCTIONS = frozenset(("run", "copy", "add"))
MAX_LINE_BYTES = 65535

_WHITESPACE_LIST = frozenset(("from", "expose"))
_MAYBE_JSON_LIST = frozenset(("add", "copy", "volume"))
_MAYBE_JSON = frozenset(("run", "cmd", "entrypoint", "shell"))
_NAME_VAL = frozenset(("env", "label"))
_STRING = frozenset(("maintainer", "user", "workdir", "stopsignal"))


#: one string object per instruction keyword, as written and in upper case: the copies a
#: re-parse makes of the instructions after an edit hold these, which stay in the cache
_KEYWORDS: dict[str, str] = {}
_MOST_KEYWORDS = 512  # spellings kept (``Run``, ``rUN``... are each one)


def shared_keyword(text: str) -> str:
    """``text``, an instruction's keyword, as the one string object that spells it (itself
    when it names no instruction)."""
    found = _KEYWORDS.get(text)
    if found is None:
        if len(_KEYWORDS) >= _MOST_KEYWORDS or text.lower() not in KNOWN_INSTRUCTIONS:
            return text
        found = _KEYWORDS.setdefault(text, text)
    return found


def decode(data: bytes) -> str:
    """Document text from file bytes: UTF-8, invalid bytes replaced, a BOM kept as a character."""
    return data.decode("utf-8", errors="replace")


def issue_order(issue: SyntaxIssue) -> tuple[int, int, str, str]:
    """The order syntax issues are listed in: by place, then code and message."""
    return issue.span.start, issue.span.end, issue.code, issue.message


def parse(text: str) -> Dockerfile:
    """Parse Dockerfile text. Never raises: problems become ``Dockerfile.issues``."""
    try:
        return _Parser(text, LineIndex(text)).run()
    except Exception as exc:  # pragma: no cover - a parser bug must not take the editor down
        return Dockerfile(
            text=text,
            lines=LineIndex(text),
            instructions=[],
            comments=[],
            directives=[],
            escape="\\",
            issues=[SyntaxIssue("SZ000", f"internal parser error: {exc!r}", Span(0, 0))],
        )


def trim_continuation(line: str, escape: str) -> tuple[str, bool]:
    """BuildKit's ``trimContinuationCharacter``: ``line`` without a trailing ``escape`` (and the
    blanks after it), and whether it had one, so that the instruction goes on to the next line
    (an escaped escape character does not)."""
    r = line.rstrip(" \t")
    if r.endswith(escape) and (len(r) == 1 or r[-2] != escape):
        return r[:-1], True
    return line, False


class LineTable:
    """The physical lines of a text, (start, content end without trailing CR/LF, start of the
    next line), read off its ``LineIndex`` when asked for: a re-parse reads only some of them."""

    __slots__ = ("text", "starts", "count")

    def __init__(self, text: str, starts: list[int]) -> None:
        self.text = text
        self.starts = starts
        self.count = len(starts) - (1 if starts[-1] == len(text) else 0)  # no line after a final break

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, i: int) -> tuple[int, int, int]:
        starts, text = self.starts, self.text
        pos = starts[i]
        if i + 1 < len(starts):
            nxt = starts[i + 1]
            end = nxt - 1
        else:
            nxt = end = len(text)
        while end > pos and text[end - 1] == "\r":
            end -= 1
        return pos, end, nxt


class _Parser:
    def __init__(self, text: str, lines: LineIndex) -> None:
        """A parser of ``text`` whose line index is ``lines``: the physical lines are read off
        it as the parser reaches them, and ``long_lines`` says which of them are too long."""
        self.text = text
        self.line_index = lines
        self.escape = "\\"
        self.directives_done = False
        self.seen: set[str] = set()
        self.directives: list[Directive] = []
        self.comments: list[Comment] = []
        self.issues: list[SyntaxIssue] = []
        self.instructions: list[Instruction] = []
        self.lines = LineTable(text, lines.line_starts)

    def long_lines(self, first: int, stop: int) -> list[SyntaxIssue]:
        """The issues of the physical lines ``first`` to ``stop - 1`` the builder cannot read."""
        found: list[SyntaxIssue] = []
        for i in range(first, stop):
            pos, end, nxt = self.lines[i]
            if (nxt - pos) * 4 > MAX_LINE_BYTES:
                found.extend(self.too_long(pos, end, nxt))
        return found

    def too_long(self, pos: int, end: int, nxt: int) -> list[SyntaxIssue]:
        """The issue of a physical line longer than the builder reads, if it is."""
        text = self.text
        raw_end = nxt - 1 if nxt > pos and text[nxt - 1] == "\n" else nxt
        if len(text[pos:raw_end].encode("utf-8", "surrogatepass")) <= MAX_LINE_BYTES:
            return []
        message = "this line is longer than 65,535 bytes, the most the builder reads in one line"
        return [SyntaxIssue(K.LINE_TOO_LONG.code, message, Span(pos, end))]

    # -- helpers ---------------------------------------------------------------------------
    def issue(self, kind: K.IssueKind, message: str, span: Span) -> None:
        self.issues.append(SyntaxIssue(kind.code, message, span))

    def comment(self, hash_at: int, end: int, line: int, inside: bool) -> None:
        body = self.text[hash_at + 1 : end].strip(GO_SPACE)
        self.comments.append(Comment(body, Span(hash_at, end), line, inside))

    def directive(self, token: str, at: int, end: int) -> None:
        """BuildKit's ``possibleParserDirective`` on a left-trimmed line."""
        if self.directives_done:
            return
        m = _DIRECTIVE.match(token)
        if m is None:
            self.directives_done = True
            return
        name = m.group(1).lower()
        if name not in DIRECTIVE_NAMES:
            self.directives_done = True
            return
        span = Span(at, end)
        if name in self.seen:
            self.issue(K.INVALID_DIRECTIVE, f"only one {name} parser directive can be used; this one is ignored", span)
            return
        self.seen.add(name)
        value = m.group(2)
        if name == "escape":
            if value not in ("\\", "`"):
                self.issue(
                    K.INVALID_DIRECTIVE,
                    f"invalid escape character {value!r}: the escape directive takes a backslash (\\) or a backtick (`)",
                    Span(at + m.start(2), at + m.end(2)),
                )
                return
            self.escape = value
        self.directives.append(
            Directive(name, value, span, Span(at + m.start(1), at + m.end(1)), Span(at + m.start(2), at + m.end(2)))
        )

    # -- main loop -------------------------------------------------------------------------
    def run(self) -> Dockerfile:
        self.issues.extend(self.long_lines(0, len(self.lines)))
        self.read(0)
        return self.finish()

    def finish(self) -> Dockerfile:
        """The parsed document, with the issues ``docker build`` raises for it as a whole."""
        dockerfile = Dockerfile(
            text=self.text,
            lines=self.line_index,
            instructions=self.instructions,
            comments=self.comments,
            directives=self.directives,
            escape=self.escape,
            issues=self.issues,
            parse_issues=list(self.issues),
        )
        check_document(dockerfile)
        dockerfile.issues.sort(key=issue_order)
        return dockerfile

    def read(self, i: int, stop_at: Callable[[int], bool] | None = None) -> int:
        """Parse instructions from physical line ``i`` (a line no instruction continues onto)
        to the end, or up to the first instruction boundary ``j > i`` where ``stop_at(j)``
        holds; returns the line it stopped at."""
        text = self.text
        lines = self.lines
        n = len(lines)
        begin = i
        while i < n:
            if stop_at is not None and i > begin and stop_at(i):
                return i
            s, ce, _ = lines[i]
            if i == 0 and text.startswith("\ufeff"):
                s += 1
            raw = text[s:ce]
            token = raw.lstrip(GO_SPACE)
            lead = s + len(raw) - len(token)
            self.directive(token, lead, ce)
            if token.startswith("#"):
                self.comment(lead, ce, i, False)
                token = ""
            first = i
            i += 1
            piece, cont = trim_continuation(token, self.escape)
            if not cont and not piece:
                continue
            pieces = [(piece, lead)]
            last_content = first
            while cont and i < n:
                s, ce, _ = lines[i]
                raw = text[s:ce]
                stripped = raw.lstrip(GO_SPACE)
                if stripped.startswith("#"):
                    self.comment(ce - len(stripped), ce, i, True)
                    i += 1
                    continue
                i += 1
                if not stripped:
                    continue
                piece, cont = trim_continuation(raw, self.escape)
                pieces.append((piece, s))
                last_content = i - 1
            line_mt = mapped(pieces, lead)
            ins = self.build(line_mt, 0, len(line_mt.text), None)
            ins.start_line = first
            ins.end_line = i - 1
            ins.first_line_end = lines[first][1]
            span_end = lines[last_content][1]
            ins.original = line_mt.text
            target = ins.inner if ins.inner is not None else ins
            if target.keyword_text.lower() in HEREDOC_INSTRUCTIONS and not target.is_json and "<<" in line_mt.text:
                specs = heredocs_in_line(line_mt.text)
                if specs:
                    i, span_end, extra = self.read_heredocs(line_mt, specs, target, i, span_end, ins)
                    ins.end_line = i - 1
                    if ins.inner is None:
                        ins.original = line_mt.text + "\n" + extra
            ins.span = Span(ins.keyword_span.start, max(span_end, ins.keyword_span.end))
            inner = ins.inner
            while inner is not None:  # ONBUILD's instruction (and an ONBUILD inside it) share the lines
                inner.start_line, inner.end_line = ins.start_line, ins.end_line
                inner.first_line_end = ins.first_line_end
                inner.span = Span(inner.keyword_span.start, max(ins.span.end, inner.keyword_span.end))
                inner = inner.inner
            self.instructions.append(ins)
        return n

    def read_heredocs(
        self,
        line_mt: MappedText,
        specs: list[HeredocSpec],
        target: Instruction,
        i: int,
        span_end: int,
        ins: Instruction,
    ) -> tuple[int, int, str]:
        text = self.text
        lines = self.lines
        n = len(lines)
        extra: list[str] = []
        for spec in specs:
            pieces: list[tuple[str, int]] = []
            raw_parts: list[str] = []
            terminator: Span | None = None
            body_start = lines[i][0] if i < n else len(text)
            while i < n:
                s, ce, nxt = lines[i]
                i += 1
                candidate_start = s
                if spec.chomp:
                    while candidate_start < ce and text[candidate_start] == "\t":
                        candidate_start += 1
                if text[candidate_start:ce] == spec.name:
                    terminator = Span(candidate_start, ce)
                    span_end = ce
                    break
                raw_parts.append(text[s:nxt])
                pieces.append((text[candidate_start:nxt], candidate_start))
                span_end = max(span_end, ce)
            marker = line_mt.doc_span(spec.start, spec.end)
            target.heredocs.append(
                Heredoc(
                    name=spec.name,
                    chomp=spec.chomp,
                    expand=spec.expand,
                    marker_span=marker,
                    body=mapped(pieces, body_start),
                    terminator_span=terminator,
                    file_descriptor=spec.fd,
                )
            )
            extra.append("".join(raw_parts) + spec.name + "\n")
            if terminator is None:
                self.issue(
                    K.UNTERMINATED_HEREDOC,
                    f"heredoc <<{spec.name} is never terminated: no line reads exactly {spec.name!r}",
                    Span(ins.keyword_span.start, max(span_end, ins.keyword_span.end)),
                )
                break
        return i, span_end, "".join(extra)

    # -- one logical line ------------------------------------------------------------------
    def build(self, mt: MappedText, lo: int, hi: int, parent: Instruction | None) -> Instruction:
        """BuildKit's ``newNodeFromLine`` on ``mt.text[lo:hi]``."""
        line = mt.text
        t0, t1 = trim_space_bounds(line, lo, hi)
        m = RE_WHITESPACE.search(line, t0, t1)
        kw_end = m.start() if m else t1
        keyword_text = line[t0:kw_end]
        keyword_span = span_of(mt, t0, kw_end)
        if not keyword_text:
            keyword_span = Span(mt.doc_offset(t0), mt.doc_offset(t0))
        keyword_text = shared_keyword(keyword_text)
        ins = Instruction(
            keyword=shared_keyword(keyword_text.upper()),
            keyword_text=keyword_text,
            keyword_span=keyword_span,
            span=keyword_span,
            start_line=0,
            end_line=0,
            parent=parent,
        )
        r0 = r1 = t1
        if m is not None:
            rest_at, raw_flags = extract_flags(line, m.end(), t1)
            for rf in raw_flags:
                ins.flags.append(self.make_flag(mt, rf))
            r0, r1 = trim_space_bounds(line, rest_at, t1)
        ins.rest = sub(mt, r0, r1)
        ins.original = line[lo:hi] if parent is not None else line
        self.dispatch(ins, mt, r0, r1)
        return ins

    def make_flag(self, mt: MappedText, rf: RawFlag) -> Flag:
        word = rf.text
        span = span_of(mt, rf.start, rf.end)
        eq = word.find("=")
        if eq < 0:
            return Flag(word[2:], None, span, span, None)
        eq_at = rf.sources[eq]
        name_span = span_of(mt, rf.start, eq_at)
        value_span = span_of(mt, eq_at + 1, rf.end)
        return Flag(word[2:eq], word[eq + 1 :], span, name_span, value_span)

    def tokens(self, mt: MappedText, pairs: Iterable[tuple[int, int]]) -> list[Token]:
        line = mt.text
        return [Token(line[a:b], span_of(mt, a, b)) for a, b in pairs]

    def dispatch(self, ins: Instruction, mt: MappedText, r0: int, r1: int) -> None:
        kw = ins.keyword_text.lower()
        line = mt.text
        if kw in _WHITESPACE_LIST:
            ins.args = self.tokens(mt, whitespace_words(line, r0, r1))
        elif kw in _MAYBE_JSON_LIST:
            if not self.maybe_json(ins, mt, r0, r1):
                ins.args = self.tokens(mt, whitespace_words(line, r0, r1))
        elif kw in _MAYBE_JSON:
            if r0 < r1 and not self.maybe_json(ins, mt, r0, r1):
                ins.args = self.tokens(mt, [(r0, r1)])
        elif kw in _NAME_VAL:
            self.name_val(ins, mt, r0, r1)
        elif kw == "arg":
            ins.args = self.tokens(mt, parse_words(line, r0, r1, self.escape))
        elif kw in _STRING:
            if r0 < r1:
                ins.args = self.tokens(mt, [(r0, r1)])
        elif kw == "healthcheck":
            sep = r0
            while sep < r1 and not byte_space(line[sep]):
                sep += 1
            if sep == r0:
                return
            nxt = sep
            while nxt < r1 and byte_space(line[nxt]):
                nxt += 1
            ins.args = self.tokens(mt, [(r0, sep)])
            if nxt < r1:
                typ_token = ins.args
                if not self.maybe_json(ins, mt, nxt, r1):
                    ins.args = typ_token + self.tokens(mt, [(nxt, r1)])
                else:
                    ins.args = typ_token + ins.args
        elif kw == "onbuild":
            if r0 < r1:
                ins.inner = self.build(mt, r0, r1, ins)
        else:
            at = mt.doc_offset(r0)
            ins.args = [Token("", Span(at, at))]

    def maybe_json(self, ins: Instruction, mt: MappedText, r0: int, r1: int) -> bool:
        """``parseJSON`` on ``line[r0:r1]``: sets args and is_json when it is an exec-form array."""
        try:
            items = parse_json_array(mt.text, r0, r1)
        except NotStringArray:
            self.issue(
                K.INVALID_JSON_FORM,
                "a JSON array here must hold only strings (write each argument in double quotes)",
                mt.doc_span(r0, r1),
            )
            return False
        if items is None:
            return False
        ins.is_json = True
        ins.args = [Token(value, span_of(mt, a, b)) for value, a, b in items]
        return True

    def name_val(self, ins: Instruction, mt: MappedText, r0: int, r1: int) -> None:
        """``parseNameVal`` for ENV and LABEL: ``KEY value`` or ``KEY=value ...``."""
        line = mt.text
        words = parse_words(line, r0, r1, self.escape)
        if not words:
            return
        a, b = words[0]
        if "=" not in line[a:b]:
            m = RE_WHITESPACE.search(line, r0, r1)
            if m is None:
                ins.args = self.tokens(mt, [(r0, r1)])
                self.issue(
                    K.MISSING_ARGUMENTS,
                    f"{ins.keyword} needs a value: write {line[r0:r1]}=value (or {ins.keyword} {line[r0:r1]} value)",
                    mt.doc_span(r0, r1),
                )
                return
            ins.args = self.tokens(mt, [(r0, m.start()), (m.end(), r1)])
            return
        pairs = []
        for a, b in words:
            eq = line.find("=", a, b)
            if eq < 0:
                self.issue(
                    K.INVALID_KEY_VALUE,
                    f"{line[a:b]!r} has no '=': every item of {ins.keyword} must be written name=value",
                    mt.doc_span(a, b),
                )
                break
            pairs.append((a, eq))
            pairs.append((eq + 1, b))
        ins.args = self.tokens(mt, pairs)
