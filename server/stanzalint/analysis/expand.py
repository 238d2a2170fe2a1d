"""Expanding a word the way BuildKit's shell lexer does (``ProcessWord``), with unknown values.

``lookup(name)`` answers ``(is_set, value)``; a set variable whose value cannot be known (an ARG
without default, a platform ARG) has value ``None``. An unknown value keeps the reference's own
text in the result and makes the expansion not fully resolved. Malformed input never raises: the
text is taken as far as it goes.
"""

from __future__ import annotations

import re
from typing import Callable, Optional

from stanzalint.analysis.varscan import _read_name

Lookup = Callable[[str], tuple[bool, Optional[str]]]


def _pattern_regex(pattern: str, greedy: bool) -> re.Pattern[str] | None:
    """lex.go convertShellPatternToRegex: ``*`` and ``?`` wildcards, ``\\`` escapes."""
    out = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "*":
            out.append(".*" if greedy else ".*?")
        elif c == "?":
            out.append(".")
        elif c == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(c))
        i += 1
    try:
        return re.compile("".join(out), re.S)
    except re.error:
        return None


def _trim(value: str, pattern: str, suffix: bool, greedy: bool) -> str:
    rx = _pattern_regex(pattern, True)
    if rx is None:
        return value
    n = len(value)
    cuts = range(n + 1)
    if suffix:  # shortest suffix: the largest cut that matches
        order = cuts if greedy else reversed(cuts)
        for i in order:
            if rx.fullmatch(value, i):
                return value[:i]
    else:
        order = reversed(cuts) if greedy else cuts
        for i in order:
            if rx.fullmatch(value[:i]):
                return value[i:]
    return value


class _Expander:
    def __init__(self, s: str, esc: str, lookup: Lookup) -> None:
        self.s = s
        self.esc = esc
        self.lookup = lookup
        self.known = True
        self.i = 0
        self.placeholder: str | None = None  # emitted instead of an unknown reference's text

    def word(self, stop: str = "", raw_escapes: bool = False) -> str:
        s, n, esc = self.s, len(self.s), self.esc
        out: list[str] = []
        while self.i < n:
            c = s[self.i]
            if stop and c == stop:
                self.i += 1
                return "".join(out)
            if c == "$":
                out.append(self.dollar())
            elif c == "'":
                j = s.find("'", self.i + 1)
                if j == -1:
                    out.append(s[self.i + 1 :])
                    self.i = n
                else:
                    out.append(s[self.i + 1 : j])
                    self.i = j + 1
            elif c == '"':
                out.append(self.dquote())
            elif c == esc:
                if raw_escapes:
                    out.append(c)
                if self.i + 1 < n:
                    out.append(s[self.i + 1])
                self.i += 2
            else:
                out.append(c)
                self.i += 1
        return "".join(out)

    def dquote(self) -> str:
        s, n, esc = self.s, len(self.s), self.esc
        self.i += 1
        out = []
        while self.i < n:
            c = s[self.i]
            if c == '"':
                self.i += 1
                break
            if c == "$":
                out.append(self.dollar())
                continue
            if c == esc and self.i + 1 < n and s[self.i + 1] in ('"', "$", esc):
                self.i += 1
                c = s[self.i]
            out.append(c)
            self.i += 1
        return "".join(out)

    def _unknown(self, text: str) -> str:
        return text if self.placeholder is None else self.placeholder

    def dollar(self) -> str:
        s, n = self.s, len(self.s)
        start = self.i
        self.i += 1
        if self.i >= n or s[self.i] != "{":
            end = _read_name(s, self.i)
            name = s[self.i : end]
            self.i = end
            if not name:
                return "$"
            is_set, value = self.lookup(name)
            if is_set and value is None:
                self.known = False
                return self._unknown(s[start:end])
            return value or ""
        self.i += 1
        if self.i >= n or s[self.i] in "{}:":
            self.known = False
            return self._unknown(s[start : self.i])
        name_end = _read_name(s, self.i)
        name = s[self.i : name_end]
        self.i = name_end
        if self.i >= n:
            self.known = False
            return self._unknown(s[start:])
        c = s[self.i]
        self.i += 1
        if c == "}":
            is_set, value = self.lookup(name)
            if is_set and value is None:
                self.known = False
                return self._unknown(s[start : self.i])
            return value or ""
        if c == "/":
            replace_all = self.i < n and s[self.i] == "/"
            if replace_all:
                self.i += 1
            pattern = self.word("/", True)
            replacement = self.word("}", True)
            is_set, value = self.lookup(name)
            if is_set and value is None:
                self.known = False
                return self._unknown(s[start : self.i])
            rx = _pattern_regex(pattern, True)
            value = value or ""
            if rx is None or not pattern:
                return value
            return rx.sub(lambda m: replacement, value, count=0 if replace_all else 1)
        null_is_unset = c == ":"
        if null_is_unset:
            c = s[self.i] if self.i < n else ""
            self.i += 1
        if c not in ("-", "+", "?", "#", "%"):
            self.known = False
            self.word("}")
            return self._unknown(s[start : self.i])
        known_before = self.known
        word = self.word("}", c in "#%")
        word_known = self.known
        self.known = known_before
        is_set, value = self.lookup(name)
        unknown_value = is_set and value is None
        empty = not is_set or (null_is_unset and value == "")
        if c == "-":
            if unknown_value:
                self.known = False
                return self._unknown(s[start : self.i])
            if empty:
                self.known = self.known and word_known
                return word
            return value or ""
        if c == "+":
            if not is_set:
                return ""
            if null_is_unset and unknown_value:
                self.known = False
                return self._unknown(s[start : self.i])
            if empty:
                return ""
            self.known = self.known and word_known
            return word
        if c == "?":
            if unknown_value or empty:
                self.known = False
                return self._unknown(s[start : self.i])
            return value or ""
        # '#' / '%': trim a prefix / suffix pattern
        if unknown_value or not word_known:
            self.known = False
            return self._unknown(s[start : self.i])
        greedy = bool(word) and word[0] == c
        if greedy:
            word = word[1:]
        return _trim(value or "", word, c == "%", greedy)


def expand(text: str, esc: str, lookup: Lookup) -> tuple[str, bool]:
    """Expand ``text`` with BuildKit's word rules: quotes removed, escapes applied, variables
    substituted. Returns (result, fully_resolved)."""
    if "$" not in text and "'" not in text and '"' not in text and esc not in text:
        return text, True
    ex = _Expander(text, esc, lookup)
    try:
        result = ex.word()
    except RecursionError:  # absurdly nested ${...}
        return text, False
    return result, ex.known


def expand_pattern(text: str, esc: str, lookup: Lookup) -> re.Pattern[str] | None:
    """A regex of every value ``text`` may take: unknown parts match anything. None when the
    text fully resolves (use ``expand``)."""
    ex = _Expander(text, esc, lookup)
    ex.placeholder = "\x00"
    try:
        result = ex.word()
    except RecursionError:
        return None
    if ex.known:
        return None
    return re.compile(".*".join(re.escape(part) for part in result.split("\x00")), re.S | re.I)
