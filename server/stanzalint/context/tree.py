"""The build context as BuildKit sends it: every file not excluded by ``.dockerignore``.

The walk is the one BuildKit's context transfer makes (fsutil's filtered walk): each entry is
matched with its parent directory's per-pattern results, and an ignored directory is skipped
without being read unless a ``!`` exception could re-include something inside it. Symbolic
links are entries of their own (BuildKit sends them as links, never followed).
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import cast

from stanzalint.analysis.dockerignore import ParentMatches, PatternMatcher, read_patterns
from stanzalint.lru import WeightedLRU

#: How much of what readers work out from a tree it keeps (``ContextTree.derived``): entries, and
#: their weight (one per entry plus one per path it holds).
DERIVED_ENTRIES = 4096
DERIVED_WEIGHT = 400_000
#: ``ContextTree.derived`` key of ``total_size``
_TOTAL_SIZE = ("sent bytes",)


def derived_memo() -> WeightedLRU[Hashable, tuple[object, int]]:
    """An empty memo for ``ContextTree.derived``."""
    return WeightedLRU(DERIVED_WEIGHT, lambda _key, value: 1 + value[1], DERIVED_ENTRIES)


@dataclass
class ContextTree:
    """The files of a build context, relative ``/``-separated paths, with their sizes."""

    root: str
    matcher: PatternMatcher | None
    ignore_file: str | None = None
    files: dict[str, int] = field(default_factory=dict)  # sent to the builder: path -> bytes
    ignored: dict[str, int] = field(default_factory=dict)  # kept out: files, and pruned dirs as "dir/"
    _sorted: list[str] | None = None
    #: what readers work out from these files, by their own keys: (value, how many paths it
    #: holds); least recently used first out, all of it forgotten when a file event changes the tree
    derived: WeightedLRU[Hashable, tuple[object, int]] = field(default_factory=derived_memo, repr=False, compare=False)

    def paths(self) -> list[str]:
        """The sent files, sorted."""
        if self._sorted is None:
            self._sorted = sorted(self.files)
        return self._sorted

    def under(self, prefix: str) -> list[str]:
        """Sent files equal to ``prefix`` or inside it (``"."``: all)."""
        paths = self.paths()
        if prefix in (".", ""):
            return list(paths)
        out = [prefix] if prefix in self.files else []
        start = bisect.bisect_left(paths, prefix + "/")
        end = bisect.bisect_left(paths, prefix + "0")  # "0" sorts right after "/"
        out.extend(paths[start:end])
        return out

    def is_ignored(self, path: str) -> bool:
        """Whether ``.dockerignore`` keeps ``path`` (relative to the context) out."""
        return self.matcher is not None and self.matcher.matches_or_parent_matches(path)

    @property
    def total_size(self) -> int:
        """The bytes of the sent files: added up once until a file event changes the tree (a
        rule asks at every keystroke)."""
        found = self.derived.get(_TOTAL_SIZE)
        if found is None:
            found = (sum(self.files.values()), 0)
            self.derived.put(_TOTAL_SIZE, found)
        return cast(int, found[0])

    def largest(self, count: int = 5) -> list[tuple[str, int]]:
        """The biggest top-level entries (a directory's size is its sent files')."""
        sizes: dict[str, int] = {}
        for path, size in self.files.items():
            top = path.split("/", 1)[0] + ("/" if "/" in path else "")
            sizes[top] = sizes.get(top, 0) + size
        return sorted(sizes.items(), key=lambda item: (-item[1], item[0]))[:count]

    def refresh(self, path: str) -> None:
        """Bring one changed path (relative) up to date from the disk: a file event. What was
        worked out from the files (``derived``) is forgotten, before and after the change."""
        try:
            self._refresh(path)
        finally:
            self.derived.clear()

    def _refresh(self, path: str) -> None:
        full = os.path.join(self.root, path)
        for table in (self.files, self.ignored):
            for key in [k for k in table if k == path or k.startswith(path + "/") or k == path + "/"]:
                del table[key]
        self._sorted = None
        self.derived.clear()
        if os.path.isdir(full) and not os.path.islink(full):
            ignored = self.is_ignored(path)
            if ignored and self.matcher is not None and self.matcher.prunes(path):
                self.ignored[path + "/"] = 0
                return
            _walk_into(self, full, path + "/", None)
        elif os.path.lexists(full):
            size = _size(full)
            (self.ignored if self.is_ignored(path) else self.files)[path] = size


def ignore_file_for(dockerfile: str | None, context: str) -> str | None:
    """The ignore file BuildKit reads: ``<Dockerfile>.dockerignore`` beside the Dockerfile, else
    ``.dockerignore`` at the root of the context."""
    candidates = []
    if dockerfile:
        candidates.append(os.path.abspath(dockerfile) + ".dockerignore")
    candidates.append(os.path.join(context, ".dockerignore"))
    for candidate in candidates:
        if os.path.isfile(candidate):
            return candidate
    return None


def read_matcher(ignore_file: str | None) -> PatternMatcher | None:
    """The matcher of an ignore file (None without one, or when it cannot be read)."""
    if ignore_file is None:
        return None
    try:
        with open(ignore_file, encoding="utf-8", errors="replace") as fh:
            return PatternMatcher(read_patterns(fh.read()))
    except OSError:
        return None


def walk(context: str, dockerfile: str | None = None, apply_ignore: bool = True) -> ContextTree:
    """Walk the context once, as BuildKit would send it for ``dockerfile`` (``apply_ignore``
    False: every file, as the ignore patterns themselves are checked against)."""
    root = os.path.abspath(context)
    ignore_file = ignore_file_for(dockerfile, root) if apply_ignore else None
    tree = ContextTree(root, read_matcher(ignore_file), ignore_file)
    _walk_into(tree, root, "", None)
    return tree


def _walk_into(tree: ContextTree, directory: str, prefix: str, parent: ParentMatches) -> None:
    matcher = tree.matcher
    try:
        entries: Iterable[os.DirEntry] = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        rel = prefix + entry.name
        own: ParentMatches = None
        ignored = False
        if matcher is not None and matcher.patterns:
            ignored, own = matcher.match_under(rel, parent if parent is not None else ([] if prefix == "" else None))
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_dir:
            if ignored and matcher is not None and matcher.prunes(rel):
                tree.ignored[rel + "/"] = 0
                continue
            _walk_into(tree, entry.path, rel + "/", own)
        else:
            size = _entry_size(entry)
            (tree.ignored if ignored else tree.files)[rel] = size


def _entry_size(entry: os.DirEntry) -> int:
    try:
        return entry.stat(follow_symlinks=False).st_size
    except OSError:
        return 0


def _size(path: str) -> int:
    try:
        return os.lstat(path).st_size
    except OSError:
        return 0


def human_size(size: int) -> str:
    """A byte count as people read it: ``512 B``, ``12.3 MiB``."""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"
