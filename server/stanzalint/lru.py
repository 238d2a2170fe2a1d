"""A least-recently-used memo bounded by a total weight (what its entries cost in memory), and a
small table of the entries put latest."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Callable, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class WeightedLRU(Generic[K, V]):
    """Entries whose ``weigh(key, value)`` adds up to at most ``max_weight`` (and at most
    ``max_entries`` of them); the least recently used go first, and an entry heavier than the
    whole bound is not kept. Safe to share between threads."""

    def __init__(self, max_weight: int, weigh: Callable[[K, V], int], max_entries: int | None = None) -> None:
        self.max_weight = max_weight
        self.max_entries = max_entries
        self._weigh = weigh
        self._entries: OrderedDict[K, V] = OrderedDict()
        self.weight = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.weight = 0

    def get(self, key: K) -> V | None:
        """The value for ``key`` (now the most recently used), or None."""
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        weight = self._weigh(key, value)
        if weight > self.max_weight:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.weight -= self._weigh(key, old)
            self._entries[key] = value
            self.weight += weight
            while self.weight > self.max_weight or (
                self.max_entries is not None and len(self._entries) > self.max_entries
            ):
                dropped_key, dropped = self._entries.popitem(last=False)
                self.weight -= self._weigh(dropped_key, dropped)


def put_latest(table: dict[K, V], key: K, value: V, most: int) -> None:
    """``table[key] = value``, ``table`` holding the ``most`` entries put latest: its oldest put
    goes first when ``key`` is new and it is full (a dict keeps the order entries were put in).
    For one thread's tables, such as a finding's copies at the last few places it stood."""
    if key not in table and len(table) >= most:
        del table[next(iter(table))]
    table[key] = value
