"""``.dockerignore`` files read and matched the way BuildKit does (moby/patternmatcher).

Reading: a line starting with ``#`` is a comment; lines are trimmed, empty ones dropped; ``!``
starts an exception; each pattern is path-cleaned (``a/./b/..`` -> ``a``) with a leading ``/``
removed. Matching: ``*`` is any run of non-``/`` characters, ``?`` one of them, ``**`` any number
of path components, ``[...]`` a character class, ``\\`` escapes; a path is excluded when it or
one of its parent directories matches, with later patterns overriding earlier ones.

``dockerignore_for(dockerfile_path)`` finds the file BuildKit uses: ``<Dockerfile>.dockerignore``
next to the Dockerfile, else ``.dockerignore`` in the build context (the Dockerfile's directory).
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional

_REGEX_SPECIAL = set(".+()|{}$")


def clean(path: str) -> str:
    """Go's ``filepath.Clean`` for ``/``-separated paths (``""`` becomes ``"."``)."""
    if not path:
        return "."
    cleaned = posixpath.normpath(path)
    if cleaned.startswith("//"):
        cleaned = "/" + cleaned.lstrip("/")
    return cleaned


@dataclass
class PatternLine:
    """One pattern of an ignore file and where it is written."""

    line: int  # 0-based
    start: int  # offsets of the pattern's text (``!`` included) in the file
    end: int
    pattern: str  # as ``ignorefile.ReadAll`` returns it (``!`` kept, cleaned)


def pattern_lines(text: str) -> list[PatternLine]:
    """The patterns of a ``.dockerignore`` file's text with their places, as BuildKit's
    ``ignorefile.ReadAll`` reads them: lines split at ``\\n`` (a ``\\r`` before it dropped), a
    leading BOM removed, ``#`` lines skipped, whitespace trimmed, paths cleaned."""
    out: list[PatternLine] = []
    offset = 0
    for n, raw in enumerate(text.split("\n")):
        line_start = offset
        offset += len(raw) + 1
        line = raw[:-1] if raw.endswith("\r") else raw
        lead = 0
        if n == 0 and line.startswith("\ufeff"):
            line, lead = line[1:], 1
        if line.startswith("#"):
            continue
        pattern = line.strip()
        if not pattern:
            continue
        start = line_start + lead + line.index(pattern)
        end = start + len(pattern)
        invert = pattern.startswith("!")
        if invert:
            pattern = pattern[1:].strip()
        if pattern:
            pattern = clean(pattern.replace("\\", "/") if os.sep == "\\" else pattern)
            if len(pattern) > 1 and pattern.startswith("/"):
                pattern = pattern[1:]
        out.append(PatternLine(n, start, end, "!" + pattern if invert else pattern))
    return out


def read_patterns(text: str) -> list[str]:
    """The patterns of a ``.dockerignore`` file's text, as ``ignorefile.ReadAll`` returns them."""
    return [p.pattern for p in pattern_lines(text)]


class Pattern:
    """One compiled pattern: how BuildKit matches it (exact, prefix, suffix or regex)."""

    def __init__(self, text: str) -> None:
        self.exclusion = text.startswith("!")
        body = clean(text[1:] if self.exclusion else text)
        self.text = body
        self.kind = "exact"
        self.regex: re.Pattern[str] | None = None
        self._compile(body)

    def _compile(self, pattern: str) -> None:
        out = "^"
        i = 0
        n = len(pattern)
        first = True
        while i < n:
            ch = pattern[i]
            i += 1
            if ch == "*":
                if i < n and pattern[i] == "*":
                    i += 1
                    if i < n and pattern[i] == "/":
                        i += 1
                    if i >= n:
                        if self.kind == "exact":
                            self.kind = "prefix"
                        else:
                            out += ".*"
                            self.kind = "regex"
                    else:
                        out += "(.*/)?"
                        self.kind = "regex"
                    if first:
                        self.kind = "suffix"
                else:
                    out += "[^/]*"
                    self.kind = "regex"
            elif ch == "?":
                out += "[^/]"
                self.kind = "regex"
            elif ch in _REGEX_SPECIAL:
                out += "\\" + ch
            elif ch == "\\":
                if i < n:
                    out += re.escape(pattern[i])
                    i += 1
                    self.kind = "regex"
                else:
                    out += "\\\\"
            elif ch in "[]":
                out += ch
                self.kind = "regex"
            else:
                out += _regex_char(ch)
            first = False
        if self.kind == "regex":
            try:
                self.regex = re.compile(out + "$")
            except re.error:
                self.regex = None

    @property
    def literal_prefix(self) -> str | None:
        """The pattern without a trailing ``/**`` or ``/*`` when the rest has no wildcard, else None: what
        lets BuildKit skip an ignored directory that no exception reaches into."""
        body = self.text
        for glob in ("/**", "/*"):
            body = body[: -len(glob)] if body.endswith(glob) else body
        return None if any(c in body for c in "*[]?^\\") else body

    def match(self, path: str) -> bool:
        kind = self.kind
        if kind == "exact":
            return path == self.text
        if kind == "prefix":
            return path.startswith(self.text[:-2])
        if kind == "suffix":
            suffix = self.text[2:]
            if path.endswith(suffix):
                return True
            return suffix.startswith("/") and path == suffix[1:]
        return bool(self.regex and self.regex.match(path))


def _regex_char(ch: str) -> str:
    """A pattern character with no special meaning, as the regex Go builds reads it: ``^`` is
    passed through (an anchor there, which never matches mid-path)."""
    if ch == "^":
        return ch
    return ch if ch.isalnum() or ch in "/_-" else re.escape(ch)


#: What a directory's match against each pattern was (BuildKit's ``MatchInfo``): its children
#: start from it instead of re-matching every parent.
ParentMatches = Optional[list[bool]]


class PatternMatcher:
    """A ``.dockerignore`` pattern list, matched as BuildKit matches it."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = [Pattern(p) for p in patterns if p.strip() and p.strip() != "!"]

    @property
    def has_exclusions(self) -> bool:
        """True when any pattern is a ``!`` exception."""
        return any(p.exclusion for p in self.patterns)

    def matches_or_parent_matches(self, path: str) -> bool:
        """Whether ``path`` (``/``-separated, relative to the context) is ignored, itself or
        through one of its parent directories."""
        return self.match_under(path, None)[0]

    def match_under(self, path: str, parent: ParentMatches) -> tuple[bool, list[bool]]:
        """BuildKit's ``MatchesUsingParentResults``: whether ``path`` is ignored, given its parent
        directory's per-pattern matches (None: match the parents here), and its own matches."""
        matched = False
        own: list[bool] = []
        parents: list[str] | None = None
        for i, pattern in enumerate(self.patterns):
            hit = bool(parent and parent[i])
            if not hit and pattern.exclusion == matched:
                hit = pattern.match(path)
                if not hit and parent is None:
                    if parents is None:
                        parents = _parent_dirs(path)
                    hit = any(pattern.match(d) for d in parents)
            own.append(hit)
            if hit:
                matched = not pattern.exclusion
        return matched, own

    def prunes(self, directory: str) -> bool:
        """Whether BuildKit skips an ignored directory without looking inside: no exception could
        re-include anything in it (only decidable when every exception is a plain path)."""
        exceptions = [p for p in self.patterns if p.exclusion]
        if not exceptions:
            return True
        prefixes = [p.literal_prefix for p in exceptions]
        if any(prefix is None for prefix in prefixes):
            return False
        inside = directory + "/"
        return not any((prefix + "/").startswith(inside) for prefix in prefixes)  # type: ignore[operator]  # None returned above


def _parent_dirs(path: str) -> list[str]:
    """``a/b/c`` -> ``["a", "a/b"]``."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def dockerignore_for(dockerfile_path: str) -> str | None:
    """The ignore file BuildKit reads for this Dockerfile, or None when there is none."""
    directory = os.path.dirname(os.path.abspath(dockerfile_path))
    specific = os.path.abspath(dockerfile_path) + ".dockerignore"
    for candidate in (specific, os.path.join(directory, ".dockerignore")):
        if os.path.isfile(candidate):
            return candidate
    return None


def load_matcher(dockerfile_path: str) -> PatternMatcher | None:
    """The matcher for the Dockerfile's build context, or None without an ignore file."""
    found = dockerignore_for(dockerfile_path)
    if found is None:
        return None
    try:
        with open(found, encoding="utf-8", errors="replace") as fh:
            patterns = read_patterns(fh.read())
    except OSError:
        return None
    return PatternMatcher(patterns) if patterns else None
