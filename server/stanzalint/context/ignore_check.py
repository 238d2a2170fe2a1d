"""What each pattern of a ``.dockerignore`` does to the real context: the files it matches, the
ones it keeps out, the ones an exception brings back. Behind the ``.dockerignore`` diagnostics
(SZ308, SZ309), its hover and its path completion in the editor.

Every file of the context is matched against every pattern in order, the way BuildKit decides
(a pattern matches a path or one of its parent directories; the last matching pattern wins).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from stanzalint.analysis.dockerignore import Pattern, PatternLine, pattern_lines


@dataclass
class PatternEffect:
    line: PatternLine
    exclusion: bool  # a ``!`` exception
    matched: int = 0  # context files it matches (itself or through a parent directory)
    decided: int = 0  # files it has the last word on: kept out, or (an exception) brought back


def pattern_effects(text: str, files: list[str]) -> list[PatternEffect]:
    """Each pattern of the ignore file ``text`` with what it does to ``files`` (relative paths)."""
    lines = [line for line in pattern_lines(text) if line.pattern not in ("", "!")]
    compiled = [Pattern(line.pattern) for line in lines]
    effects = [PatternEffect(line, p.exclusion) for line, p in zip(lines, compiled)]
    for path in files:
        parts = path.split("/")
        candidates = [path] + ["/".join(parts[: i + 1]) for i in range(len(parts) - 1)]
        hits = [i for i, pattern in enumerate(compiled) if any(pattern.match(c) for c in candidates)]
        for i in hits:
            effects[i].matched += 1
        if hits and (not compiled[hits[-1]].exclusion or any(not compiled[j].exclusion for j in hits[:-1])):
            effects[hits[-1]].decided += 1
    return effects


def ignore_context(ignore_file: str) -> str:
    """The context an ignore file applies to: its directory for ``.dockerignore``; for
    ``<Dockerfile>.dockerignore``, the context that Dockerfile is built with."""
    from stanzalint.context.known import KNOWN

    if os.path.basename(ignore_file) == ".dockerignore":
        return os.path.dirname(os.path.abspath(ignore_file))
    return KNOWN.context_dir(ignore_file[: -len(".dockerignore")])


def path_completions(context: str, typed: str) -> list[str]:
    """Entries of the context directory ``typed`` points into (directories end with ``/``)."""
    body = typed.lstrip("!").lstrip()
    body = body.lstrip("/")
    directory, _, _ = body.rpartition("/")
    try:
        entries = sorted(os.scandir(os.path.join(context, directory)), key=lambda e: e.name)
    except (OSError, ValueError):  # not a directory, or a name the system cannot take
        return []
    prefix = directory + "/" if directory else ""
    return [prefix + e.name + ("/" if e.is_dir(follow_symlinks=False) else "") for e in entries]
