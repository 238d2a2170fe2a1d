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
from typing import List, Optional, Sequence

_REGEX_SPECIAL = set(".+()|{}$^")


def clean(path: str) -> str:
    """Go's ``filepath.Clean`` for ``/``-separated paths (``""`` becomes ``"."``)."""
    if not path:
        return "."
    cleaned = posixpath.normpath(path)
    if cleaned.startswith("//"):
        cleaned = "/" + cleaned.lstrip("/")
    return cleaned


def read_patterns(text: str) -> List[str]:
    """The patterns of a ``.dockerignore`` file's text, as ``ignorefile.ReadAll`` returns them."""
    out: List[str] = []
    for n, line in enumerate(text.splitlines()):
        if n == 0:
            line = line.lstrip("\ufeff")
        if line.startswith("#"):
            continue
        pattern = line.strip()
        if not pattern:
            continue
        invert = pattern.startswith("!")
        if invert:
            pattern = pattern[1:].strip()
        if pattern:
            pattern = clean(pattern.replace("\\", "/") if os.sep == "\\" else pattern)
            if len(pattern) > 1 and pattern.startswith("/"):
                pattern = pattern[1:]
        out.append("!" + pattern if invert else pattern)
    return out


class Pattern:
    """One compiled pattern: how BuildKit matches it (exact, prefix, suffix or regex)."""

    def __init__(self, text: str) -> None:
        self.exclusion = text.startswith("!")
        body = clean(text[1:] if self.exclusion else text)
        self.text = body
        self.kind = "exact"
        self.regex: Optional["re.Pattern[str]"] = None
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
                    out += "\\" + pattern[i]
                    i += 1
                else:
                    out += "\\\\"
            elif ch in "[]":
                out += ch
                self.kind = "regex"
            else:
                out += re.escape(ch) if not ch.isalnum() and ch not in "/_-" else ch
            first = False
        if self.kind == "regex":
            try:
                self.regex = re.compile(out + "$", re.S)
            except re.error:
                self.regex = None

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


class PatternMatcher:
    """A ``.dockerignore`` pattern list, matched as BuildKit's build checks match it."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = [Pattern(p) for p in patterns if p.strip() and p.strip() != "!"]

    @property
    def has_exclusions(self) -> bool:
        """True when any pattern is a ``!`` exception."""
        return any(p.exclusion for p in self.patterns)

    def matches_or_parent_matches(self, path: str) -> bool:
        """Whether ``path`` (``/``-separated, relative to the context) is ignored, itself or
        through one of its parent directories."""
        matched = False
        parent = posixpath.dirname(path) or "."
        parents = parent.split("/")
        for pattern in self.patterns:
            if pattern.exclusion != matched:
                continue
            hit = pattern.match(path)
            if not hit and parent != ".":
                for i in range(len(parents)):
                    if pattern.match("/".join(parents[: i + 1])):
                        hit = True
                        break
            if hit:
                matched = not pattern.exclusion
        return matched


def dockerignore_for(dockerfile_path: str) -> Optional[str]:
    """The ignore file BuildKit reads for this Dockerfile, or None when there is none."""
    directory = os.path.dirname(os.path.abspath(dockerfile_path))
    specific = os.path.abspath(dockerfile_path) + ".dockerignore"
    for candidate in (specific, os.path.join(directory, ".dockerignore")):
        if os.path.isfile(candidate):
            return candidate
    return None


def load_matcher(dockerfile_path: str) -> Optional[PatternMatcher]:
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
