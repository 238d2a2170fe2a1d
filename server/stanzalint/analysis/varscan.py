"""Finding variable references (``$X``, ``${X:-word}``...) in text, with their exact places.

Three quoting regimes:

- ``scan_build``: what BuildKit expands itself (FROM, ARG, ENV, COPY, LABEL...), following its
  shell lexer (frontend/dockerfile/shell/lex.go): single quotes are literal, the file's escape
  character escapes the next character (inside double quotes only ``"``, ``$`` and itself).
- ``scan_shell``: a POSIX shell script (shell-form RUN, CMD, heredoc scripts): single quotes are
  literal, ``\\`` escapes, ``# comments`` hold nothing, ``$(...)`` and backticks are scanned.
- ``scan_heredoc``: an expanding here-document body fed to a command: quotes are ordinary
  characters; only ``\\``, ``$`` and backticks are special.

Positional and special parameters (``$1``, ``$@``, ``$$``) are not variables and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import Pattern

_SPECIAL = "@*#?-$!0"
_SHELL_OPS = (
    ":-",
    ":=",
    ":?",
    ":+",
    "##",
    "%%",
    "//",
    "/#",
    "/%",
    "^^",
    ",,",
    "-",
    "=",
    "?",
    "+",
    "#",
    "%",
    "/",
    "^",
    ",",
    ":",
)
_BUILD_INTERESTING: dict[str, Pattern[str]] = {}  # escape char -> compiled regex of characters that matter
_SHELL_INTERESTING = re.compile(r"[$'\"\\`#()]")
_DQ_SHELL = re.compile(r"[$\"\\`]")
_HEREDOC_INTERESTING = re.compile(r"[$\\`]")
_IDENT_START = re.compile(r"[^\W\d]", re.UNICODE)


@dataclass
class RawRef:
    """A reference found in a scanned string (indices into that string)."""

    name: str
    start: int
    end: int
    name_start: int
    name_end: int
    operator: str | None = None
    word: str | None = None
    shell_only: bool = False  # syntax BuildKit's lexer does not evaluate (``${#X}``, ``${X:=y}``)


def _read_name(s: str, i: int) -> int:
    """End of the name starting at ``i`` (lex.go processName): digits, one special char, or an
    identifier. Returns ``i`` when there is no name."""
    n = len(s)
    if i >= n:
        return i
    c = s[i]
    if c.isdigit():
        while i < n and s[i].isdigit():
            i += 1
        return i
    if c in _SPECIAL:
        return i + 1
    while i < n and (s[i].isalnum() or s[i] == "_"):
        i += 1
    return i


def _is_variable(name: str) -> bool:
    return bool(name) and (name[0] == "_" or name[0].isalpha())


def _build_regex(esc: str) -> re.Pattern[str]:
    pat = _BUILD_INTERESTING.get(esc)
    if pat is None:
        pat = re.compile("[$'\"" + re.escape(esc) + "{}/]")
        _BUILD_INTERESTING[esc] = pat
    return pat


class _BuildScanner:
    """BuildKit lexer walk: records references, returns positions."""

    def __init__(self, s: str, esc: str, out: list[RawRef]) -> None:
        self.s = s
        self.esc = esc
        self.out = out
        self.rx = _build_regex(esc)

    def run(self, i: int, stop: str = "") -> int:
        """Scan from ``i`` up to and past ``stop`` (or the end). Returns the index after it."""
        s, n, esc, rx = self.s, len(self.s), self.esc, self.rx
        while i < n:
            m = rx.search(s, i)
            if m is None:
                return n
            i = m.start()
            c = s[i]
            if stop and c == stop:
                return i + 1
            if c == "$":
                i = self.dollar(i)
            elif c == "'":
                j = s.find("'", i + 1)
                i = n if j == -1 else j + 1
            elif c == '"':
                i = self.dquote(i + 1)
            elif c == esc:
                i += 2
            else:
                i += 1
        return n

    def dquote(self, i: int) -> int:
        s, n, esc = self.s, len(self.s), self.esc
        while i < n:
            c = s[i]
            if c == '"':
                return i + 1
            if c == "$":
                i = self.dollar(i)
            elif c == esc:
                i += 2 if i + 1 < n and s[i + 1] in ('"', "$", esc) else 1
            else:
                i += 1
        return n

    def dollar(self, start: int) -> int:
        s, n = self.s, len(self.s)
        i = start + 1
        if i >= n or s[i] != "{":
            end = _read_name(s, i)
            if _is_variable(s[i:end]):
                self.out.append(RawRef(s[i:end], start, end, i, end))
            return end
        i += 1
        if i >= n or s[i] in "{}:":
            return i  # BuildKit: missing '}' / bad substitution
        name_start = i
        name_end = _read_name(s, i)
        name = s[name_start:name_end]
        if name_end >= n:
            return n
        c = s[name_end]
        ref = RawRef(name, start, n, name_start, name_end)
        if c == "}":
            ref.end = name_end + 1
            if _is_variable(name):
                self.out.append(ref)
            return ref.end
        index = len(self.out)
        if c == "/":
            j = name_end + 1
            op = "/"
            if j < n and s[j] == "/":
                op, j = "//", j + 1
            word_start = j
            j = self.run(j, "/")
            j = self.run(j, "}")
        else:
            op = c
            j = name_end + 1
            if c == ":":
                if j < n:
                    op, j = ":" + s[j], j + 1
            elif c in "#%" and j < n and s[j] == c:
                op, j = c + c, j + 1
            word_start = j
            j = self.run(j, "}")
        ref.end = j
        ref.operator = op
        ref.word = s[word_start : max(word_start, j - 1)]
        if op not in (":-", ":+", ":?", "-", "+", "?", "#", "##", "%", "%%", "/", "//"):
            ref.shell_only = True
        if _is_variable(name):
            self.out.insert(index, ref)
        return j


def scan_build(s: str, esc: str = "\\") -> list[RawRef]:
    """References BuildKit expands in ``s`` (escape character ``esc``), in order of their ``$``."""
    if "$" not in s:
        return []
    out: list[RawRef] = []
    try:
        _BuildScanner(s, esc, out).run(0)
    except RecursionError:  # absurdly deep nesting: keep what was found
        pass
    return out


class _ShellScanner:
    """POSIX shell walk recording parameter expansions."""

    def __init__(self, s: str, out: list[RawRef]) -> None:
        self.s = s
        self.out = out

    def run(self, i: int, close: str = "", heredoc: bool = False) -> int:
        """Scan from ``i``; ``close`` is ``)`` inside ``$(``, `` ` `` inside backticks."""
        s, n = self.s, len(self.s)
        rx = _HEREDOC_INTERESTING if heredoc else _SHELL_INTERESTING
        depth = 0
        while i < n:
            m = rx.search(s, i)
            if m is None:
                return n
            i = m.start()
            c = s[i]
            if c == "`" and close == "`":
                return i + 1
            if c == "#":
                if i == 0 or s[i - 1] in " \t\n;&|()":
                    j = s.find("\n", i)
                    i = n if j == -1 else j
                else:
                    i += 1
            elif c == "(":
                depth += 1
                i += 1
            elif c == ")":
                if depth == 0 and close == ")":
                    return i + 1
                depth = max(0, depth - 1)
                i += 1
            else:
                i = self.skip(i)
        return n

    def skip(self, i: int) -> int:
        """The index past what starts at ``i``: an expansion (``$``), an escaped character, a
        backtick substitution, a single- or double-quoted string, or any other one character."""
        s, n = self.s, len(self.s)
        c = s[i]
        if c == "$":
            return self.dollar(i)
        if c == "\\":
            return i + 2
        if c == "`":
            return self.run(i + 1, "`")
        if c == "'":
            j = s.find("'", i + 1)
            return n if j == -1 else j + 1
        if c == '"':
            return self.dquote(i + 1)
        return i + 1

    def dquote(self, i: int) -> int:
        s, n = self.s, len(self.s)
        while i < n:
            m = _DQ_SHELL.search(s, i)
            if m is None:
                return n
            i = m.start()
            if s[i] == '"':
                return i + 1
            i = self.skip(i)  # ``$``, a backtick or a backslash
        return n

    def dollar(self, start: int) -> int:
        s, n = self.s, len(self.s)
        i = start + 1
        if i >= n:
            return n
        c = s[i]
        if c == "(":
            if i + 1 < n and s[i + 1] == "(":
                return self._arith(i + 2)
            return self.run(i + 1, ")")
        if c == "'":  # $'...' ANSI-C quoting
            j = i + 1
            while j < n and s[j] != "'":
                j += 2 if s[j] == "\\" else 1
            return min(n, j + 1)
        if c != "{":
            end = _read_name(s, i)
            if _is_variable(s[i:end]):
                self.out.append(RawRef(s[i:end], start, end, i, end))
            return end
        i += 1
        prefix = ""
        if i < n and s[i] in "#!" and i + 1 < n and (s[i + 1].isalpha() or s[i + 1] == "_"):
            prefix = s[i]
            i += 1
        name_start = i
        name_end = _read_name(s, i)
        name = s[name_start:name_end]
        ref = RawRef(name, start, n, name_start, name_end, shell_only=bool(prefix))
        index = len(self.out)
        j = name_end
        if j < n and s[j] == "[":  # array subscript
            k = s.find("]", j)
            j = n if k == -1 else k + 1
            ref.shell_only = True
        if j < n and s[j] == "}":
            ref.end = j + 1
        else:
            op = ""
            for cand in _SHELL_OPS:
                if s.startswith(cand, j):
                    op = cand
                    break
            word_start = j + len(op)
            end = self._brace_word(word_start)
            ref.end = end
            ref.operator = op or None
            ref.word = s[word_start : max(word_start, end - 1)]
            if op in ("", ":=", "=", "/#", "/%", "^", "^^", ",", ",,", ":"):
                ref.shell_only = True
        if _is_variable(name):
            self.out.insert(index, ref)
        return ref.end

    def _brace_word(self, i: int) -> int:
        """Scan a ``${...}`` word up to its closing brace; returns the index after it."""
        s, n = self.s, len(self.s)
        while i < n:
            if s[i] == "}":
                return i + 1
            i = self.skip(i)
        return n

    def _arith(self, i: int) -> int:
        """``$((...))``: record ``$X`` inside, return past the closing ``))``."""
        s, n = self.s, len(self.s)
        depth = 0
        while i < n:
            c = s[i]
            if c == "$":
                i = self.dollar(i)
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    return min(n, i + 2)
                depth -= 1
            i += 1
        return n


def scan_shell(s: str) -> list[RawRef]:
    """References a POSIX shell expands when running the script ``s``."""
    return _scan(s, heredoc=False)


def scan_heredoc(s: str) -> list[RawRef]:
    """References the shell expands in an unquoted here-document body ``s``."""
    return _scan(s, heredoc=True)


def _scan(s: str, heredoc: bool) -> list[RawRef]:
    if "$" not in s:
        return []
    out: list[RawRef] = []
    try:
        _ShellScanner(s, out).run(0, heredoc=heredoc)
    except RecursionError:  # absurdly deep nesting: keep what was found
        pass
    return out


_ASSIGNMENT = re.compile(r"(?<![\w$\-./:])([A-Za-z_]\w*)(?:\[[^\]\n]*\])?\+?=")
_FOR = re.compile(r"\bfor\s+([A-Za-z_]\w*)")
_READ = re.compile(r"\bread\s+(?:-[ers]+\s+|-[adnNptu]\s*\S+\s+)*([A-Za-z_]\w*(?:[ \t]+[A-Za-z_]\w*)*)")
_DECLARERS = ("export", "local", "declare", "typeset", "readonly", "unset")
_DECLARE = re.compile(r"\b(?:" + "|".join(_DECLARERS) + r")\s+((?:-\w+\s+)*[A-Za-z_]\w*(?:[ \t]+[A-Za-z_]\w*)*)")


def shell_assigned_names(script: str) -> set[str]:
    """Names a shell script sets itself: ``X=1``, ``export X``, ``for X in``, ``read X``.

    Over-approximates (``make PREFIX=/usr`` counts): it only serves to not call a
    script-local variable undefined."""
    names = set(_ASSIGNMENT.findall(script)) if "=" in script else set()
    if "for" in script:
        names.update(_FOR.findall(script))
    for rx, words in ((_READ, ("read",)), (_DECLARE, _DECLARERS)):
        if not any(word in script for word in words):  # a regular expression tries every place
            continue
        for group in rx.findall(script):
            names.update(w for w in group.split() if not w.startswith("-"))
    return names


_PWSH_ENV = re.compile(r"\$(?:\{env:([A-Za-z_]\w*)\}|env:([A-Za-z_]\w*))", re.I)
_CMD_ENV = re.compile(r"%([A-Za-z_]\w*)%")


def scan_windows_shell(s: str, program: str) -> list[RawRef]:
    """Environment references under a non-POSIX SHELL: ``$env:X`` for PowerShell, ``%X%`` for
    cmd. PowerShell's own ``$x`` variables are not environment variables and are skipped."""
    out: list[RawRef] = []
    if program.startswith("cmd"):
        for m in _CMD_ENV.finditer(s):
            out.append(RawRef(m.group(1), m.start(), m.end(), m.start(1), m.end(1), shell_only=True))
        return out
    for m in _PWSH_ENV.finditer(s):
        g = 1 if m.group(1) else 2
        out.append(RawRef(m.group(g), m.start(), m.end(), m.start(g), m.end(g), shell_only=True))
    return out
