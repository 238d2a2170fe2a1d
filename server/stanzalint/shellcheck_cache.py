"""ShellCheck's results by script key, remembered in memory and on disk, both bounded.

In memory, the most recently used results are kept, up to a weight (one per result plus one
per finding). On disk, each result is a small JSON file in the user's own cache directory
(created readable by the user alone; a directory another user owns is not used). Files unused
for ``max_age`` are removed, and beyond ``max_files`` files or ``max_bytes`` bytes the least
recently used go: reading a file marks it used. Pruning runs at the first write of a process
and after every ``prune_every`` writes.

A key not found on disk is remembered as missing for ``miss_ttl`` seconds (``recall`` then
answers None without opening a file; at most ``max_misses`` keys), so asking again on every
keystroke about the scripts ShellCheck has yet to see costs no file open. Only absence is
remembered, never a result: a result written meanwhile by another process is found once the
miss expires, and ``recall(key, fresh=True)`` (before running ShellCheck) always looks.

``changes`` counts the results taken in, so a caller asking about the same keys again and again
(the language server at every keystroke, for the scripts ShellCheck has yet to see) can tell
when nothing could answer differently: while it stays the same, a key ``recall`` missed is
missed again until ``quiet_until`` (``quiet``).
"""

from __future__ import annotations

import itertools
import json
import math
import os
import threading
import time
from collections.abc import Iterator
from typing import Any, Callable

from stanzalint.lru import WeightedLRU

DAY = 24 * 60 * 60


class ResultCache:
    """Lists of results by key; ``encode`` and ``decode`` convert one list to and from JSON."""

    def __init__(
        self,
        directory: str,
        encode: Callable[[list[Any]], Any],
        decode: Callable[[Any], list[Any]],
        use_disk: bool = True,
        memory_weight: int = 50_000,
        max_files: int = 20_000,
        max_bytes: int = 64 * 1024 * 1024,
        max_age: float = 30 * DAY,
        prune_every: int = 1_000,
        miss_ttl: float = 5.0,
        max_misses: int = 20_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.directory = directory
        self._encode = encode
        self._decode = decode
        self.use_disk = use_disk
        self.max_files = max_files
        self.max_bytes = max_bytes
        self.max_age = max_age
        self.prune_every = prune_every
        self._memory: WeightedLRU[str, list[Any]] = WeightedLRU(memory_weight, lambda key, found: 1 + len(found))
        self._writes = 0
        self._lock = threading.Lock()
        self._disk_checked: bool | None = None
        self.miss_ttl = miss_ttl
        self.max_misses = max_misses
        self._clock = clock
        #: key -> when its miss on disk expires (by ``clock``)
        self._missed: dict[str, float] = {}
        #: changed after each result put in memory (and when the misses are let go): a number
        #: of ``_changed``'s, each set once, so a change another thread makes is never lost
        self.changes = 0
        self._changed = itertools.count(1)

    def recall(self, key: str, fresh: bool = False) -> list[Any] | None:
        """The results remembered for ``key`` (memory, then disk), or None. A key missing on
        disk lately is not looked for again unless ``fresh``."""
        found = self._memory.get(key)
        if found is not None:
            return found
        if not self._disk_usable() or (not fresh and self._missed_lately(key)):
            return None
        path = self.path(key)
        try:
            with open(path, encoding="utf-8") as fh:
                found = self._decode(json.load(fh))
            os.utime(path)
        except (OSError, ValueError, TypeError):
            self._note_miss(key)
            return None
        self._missed.pop(key, None)
        self._memory.put(key, found)
        self.changes = next(self._changed)
        return found

    def quiet_until(self, key: str) -> float:
        """Until when (by ``clock``) ``recall(key)``, which has just answered None, answers None
        again while ``changes`` stays the same: until its miss on disk expires (always, without
        a disk cache; now when no miss is noted)."""
        if not self._disk_usable():
            return math.inf
        return self._missed.get(key, -math.inf)

    def quiet(self, changes: int, until: float) -> bool:
        """Whether the keys ``recall`` missed when ``changes`` was read, each quiet until
        ``until`` at least (``quiet_until``), would be missed again now."""
        return changes == self.changes and self._clock() < until

    def _missed_lately(self, key: str) -> bool:
        """Whether ``key`` was missing on disk less than ``miss_ttl`` seconds ago."""
        expires = self._missed.get(key)
        return expires is not None and self._clock() < expires

    def _note_miss(self, key: str) -> None:
        """Remember that ``key`` is missing on disk, for ``miss_ttl`` seconds."""
        if len(self._missed) >= self.max_misses:
            self._missed.clear()
            self.changes = next(self._changed)  # the keys let go are looked for on disk again
        self._missed[key] = self._clock() + self.miss_ttl

    def remember(self, key: str, results: list[Any]) -> None:
        self._missed.pop(key, None)
        self._memory.put(key, results)
        self.changes = next(self._changed)
        if not self._disk_usable():
            return
        path = self.path(key)
        try:
            os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
            tmp = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.write(json.dumps(self._encode(results)))  # json.dump's encoder is a reference cycle
            os.replace(tmp, path)
        except OSError:
            return  # a read-only or full cache directory only costs speed
        with self._lock:
            self._writes += 1
            due = (self._writes - 1) % self.prune_every == 0
        if due:
            self.prune()

    # -- disk -------------------------------------------------------------------------------------

    def path(self, key: str) -> str:
        return os.path.join(self.directory, key[:2], key[2:] + ".json")

    def _disk_usable(self) -> bool:
        """Whether the disk cache is on and the directory is this user's (created if missing)."""
        if not self.use_disk:
            return False
        if self._disk_checked is None:
            self._disk_checked = _own_directory(self.directory)
        return self._disk_checked

    def prune(self, now: float | None = None) -> None:
        """Remove files unused for ``max_age``, then the least recently used beyond the bounds.

        One walk removes the old files and counts the others; only when they are beyond a bound
        does a second walk list them, to sort. Listing every file at every first write held
        0.25 KB a file in the language server (5 MB at the 20,000 files a full cache holds)."""
        now = time.time() if now is None else now
        count = size = 0
        for mtime, nbytes, path in self._files():
            if now - mtime > self.max_age:
                _remove(path)
            else:
                count += 1
                size += nbytes
        if count <= self.max_files and size <= self.max_bytes:
            return
        kept = size = 0
        for mtime, nbytes, path in sorted(self._files(), reverse=True):  # newest first
            if now - mtime <= self.max_age and kept < self.max_files and size + nbytes <= self.max_bytes:
                kept += 1
                size += nbytes
            else:
                _remove(path)

    def _files(self) -> Iterator[tuple[float, int, str]]:
        """Each file of the disk cache: when it was last used, its size and its path."""
        try:
            shards = [e.path for e in os.scandir(self.directory) if e.is_dir(follow_symlinks=False)]
        except OSError:
            return
        for shard in shards:
            try:
                entries = os.scandir(shard)
            except OSError:
                continue
            with entries:
                for entry in entries:
                    try:
                        st = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    yield st.st_mtime, st.st_size, entry.path


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass  # gone already, or not ours to remove: it only costs space


def _own_directory(directory: str) -> bool:
    """Create ``directory`` (private to the user) if missing; True when the user owns it."""
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        owner = os.stat(directory).st_uid
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or owner == getuid()
