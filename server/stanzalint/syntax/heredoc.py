"""How BuildKit finds heredocs on an instruction line.

BuildKit splits the whole logical line into words with its own shell lexer (quotes kept,
escapes kept, unset variables left as written) and takes every word that matches
``^(\\d*)<<(-?)([^<]*)$`` as a heredoc; the delimiter is that word's rest, lexed again
without quotes. ``cat<<EOF`` is therefore not a heredoc, ``<<<EOF`` neither, and a line the
lexer rejects (an unterminated quote, a bad ``${``) has none.
"""

from __future__ import annotations

import re

from .gotext import GO_SPACE_SET

HEREDOC_WORD = re.compile(r"(\d*)<<(-?)([^<]*)\Z", re.S)
_SPECIAL_PARAMS = frozenset("@*#?-$!0")
_GO_SPACE_CLASS = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_PLAIN = re.compile("[^'\"$\\\\" + _GO_SPACE_CLASS + "]+")
_PLAIN_STOP = re.compile("[^'\"$\\\\}/" + _GO_SPACE_CLASS + "]+")
_SPACE_RUN = re.compile("[" + _GO_SPACE_CLASS + "]+")


class _LexError(Exception):
    pass


class _Words:
    """BuildKit's ``wordsStruct``: collects words and where each began and ended."""

    __slots__ = ("words", "word", "in_word", "start", "end")

    def __init__(self) -> None:
        self.words: list[tuple[str, int, int]] = []
        self.word = ""
        self.in_word = False
        self.start = 0
        self.end = 0

    def _mark(self, start: int, end: int) -> None:
        if not self.word and not self.in_word:
            self.start = start
        self.end = end

    def add_char(self, ch: str, start: int, end: int) -> None:
        if ch in GO_SPACE_SET:
            if self.in_word and self.word:
                self.words.append((self.word, self.start, self.end))
                self.word = ""
                self.in_word = False
        else:
            self.add_raw(ch, start, end)

    def add_raw(self, text: str, start: int, end: int) -> None:
        self._mark(start, end)
        self.word += text
        self.in_word = True

    def finish(self) -> list[tuple[str, int, int]]:
        if self.word:
            self.words.append((self.word, self.start, self.end))
            self.word = ""
            self.in_word = False
        return self.words


class _Lexer:
    def __init__(self, text: str, raw: bool) -> None:
        self.s = text
        self.n = len(text)
        self.raw = raw

    def words(self) -> list[tuple[str, int, int]]:
        _, words = self.until(None, 0)
        return words

    def until(self, stop: str | None, pos: int) -> tuple[str, list[tuple[str, int, int]]]:
        s, n, raw = self.s, self.n, self.raw
        out: list[str] = []
        words = _Words()
        plain = _PLAIN if stop is None else _PLAIN_STOP
        while pos < n:
            m = plain.match(s, pos)
            if m is not None:
                run = m.group()
                words.add_raw(run, pos, m.end())
                out.append(run)
                pos = m.end()
                continue
            m = _SPACE_RUN.match(s, pos)
            if m is not None:
                words.add_char(s[pos], pos, pos + 1)
                out.append(m.group())
                pos = m.end()
                continue
            ch = s[pos]
            if stop is not None and ch == stop:
                self.pos = pos + 1
                return "".join(out), words.words
            if ch == "'":
                text, end = self.single(pos)
                out.append(text)
                words.add_raw(text, pos, end)
                pos = end
            elif ch == '"':
                text, end = self.double(pos)
                out.append(text)
                words.add_raw(text, pos, end)
                pos = end
            elif ch == "$":
                text, end = self.dollar(pos)
                out.append(text)
                for c in text:
                    words.add_char(c, pos, end)
                pos = end
            else:
                pos += 1
                if ch == "\\":
                    if raw:
                        words.add_raw(ch, pos - 1, pos)
                        out.append(ch)
                    if pos >= n:
                        break
                    ch = s[pos]
                    pos += 1
                    words.add_raw(ch, pos - 1, pos)
                else:
                    words.add_char(ch, pos - 1, pos)
                out.append(ch)
        if stop is not None:
            raise _LexError("unexpected end of statement while looking for matching " + stop)
        self.pos = pos
        return "".join(out), words.finish()

    def single(self, pos: int) -> tuple[str, int]:
        close = self.s.find("'", pos + 1)
        if close < 0:
            raise _LexError("unterminated single quote")
        body = self.s[pos + 1 : close]
        return ("'" + body + "'" if self.raw else body), close + 1

    def double(self, pos: int) -> tuple[str, int]:
        s, n = self.s, self.n
        out: list[str] = ['"'] if self.raw else []
        pos += 1
        while True:
            if pos >= n:
                raise _LexError("unterminated double quote")
            ch = s[pos]
            if ch == '"':
                if self.raw:
                    out.append(ch)
                return "".join(out), pos + 1
            if ch == "$":
                text, pos = self.dollar(pos)
                out.append(text)
                continue
            pos += 1
            if ch == "\\":
                if self.raw:
                    out.append(ch)
                if pos >= n:
                    continue
                nxt = s[pos]
                if nxt in '"$\\':
                    ch = nxt
                    pos += 1
            out.append(ch)

    def name(self, pos: int) -> int:
        s, n = self.s, self.n
        if pos < n and s[pos].isdecimal():
            while pos < n and s[pos].isdecimal():
                pos += 1
            return pos
        if pos < n and s[pos] in _SPECIAL_PARAMS:
            return pos + 1
        while pos < n and (s[pos].isalpha() or s[pos].isdecimal() or s[pos] == "_"):
            pos += 1
        return pos

    def dollar(self, pos: int) -> tuple[str, int]:
        s, n = self.s, self.n
        start = pos
        pos += 1
        if pos >= n or s[pos] != "{":
            end = self.name(pos)
            return s[start:end], end
        pos += 1
        if pos >= n:
            raise _LexError("missing '}'")
        if s[pos] in "{}:":
            raise _LexError("bad substitution")
        pos = self.name(pos)
        if pos >= n:
            raise _LexError("missing '}'")
        ch = s[pos]
        pos += 1
        if ch == "}":
            return s[start:pos], pos
        if ch == ":":
            pos += 1  # the modifier, whatever it is (left as written: the variable is unset)
            self.until("}", pos)
            return s[start : self.pos], self.pos
        if ch in "?#%":
            self.until("}", pos)
            return s[start : self.pos], self.pos
        if ch == "/":
            self.until("/", pos)
            self.until("}", self.pos)
            return s[start : self.pos], self.pos
        raise _LexError("unsupported modifier")


def shell_words(text: str, raw: bool = True) -> list[tuple[str, int, int]] | None:
    """BuildKit's ``ProcessWords`` (no variables set): the words with their (start, end), or
    None when the lexer rejects the text."""
    try:
        return _Lexer(text, raw).words()
    except (_LexError, RecursionError):
        return None


class HeredocSpec:
    __slots__ = ("name", "fd", "chomp", "expand", "start", "end")

    def __init__(self, name: str, fd: int, chomp: bool, expand: bool, start: int, end: int) -> None:
        self.name = name
        self.fd = fd
        self.chomp = chomp
        self.expand = expand
        self.start = start  # the marker word in the logical line
        self.end = end


def _quote_count(word: str) -> int:
    return word.count("'") + word.count('"')


def heredoc_from_word(word: str) -> tuple[str, int, bool, bool] | None:
    """(name, fd, chomp, expand) when ``word`` is a heredoc marker, else None."""
    m = HEREDOC_WORD.match(word)
    if m is None or not m.group(3):
        return None
    rest = m.group(3)
    plain = shell_words(rest, raw=False)
    if plain is None or len(plain) != 1:
        return None
    raw = shell_words(rest, raw=True)
    if raw is None or len(raw) != 1:
        return None
    fd = int(m.group(1)) if m.group(1) else 0
    name = plain[0][0]
    return name, fd, m.group(2) == "-", _quote_count(name) == _quote_count(raw[0][0])


def heredocs_in_line(line: str) -> list[HeredocSpec]:
    """The heredocs BuildKit finds on a logical line, in order."""
    if "<<" not in line:
        return []
    words = shell_words(line, raw=True)
    if not words:
        return []
    found: list[HeredocSpec] = []
    for word, start, end in words:
        if "<<" not in word:
            continue
        spec = heredoc_from_word(word)
        if spec is not None:
            found.append(HeredocSpec(spec[0], spec[1], spec[2], spec[3], start, end))
    return found
