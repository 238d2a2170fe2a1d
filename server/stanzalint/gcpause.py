"""Pause Python's cycle collector while one document is linted; in the language server, keep what
a lint leaves alive out of the collector's sight.

Linting builds the whole model of a file (tokens, words, commands, scopes): on a 20,000-
instruction file that is millions of small objects, and every full collection that starts in
the middle walks all of them, which made lint time grow faster than the file (a third of the
time at that size). Nearly all of it is freed by reference counting when the lint is done; the
collector runs again, as usual, after the last pause ends. Pauses nest and may overlap across
threads: the collector is enabled again only when the last one ends, and only if it was on.

The first allocation after a pause would start a collection that walks everything the lint made
and still holds: the document's new parse, analysis and findings (about 10 ms on a 4,000-line
file, every two or three keystrokes, and its older generations' walks later). A lint makes no
reference cycles (tests check it), so that walk finds nothing to free. The server therefore
calls ``freeze_after_pauses``: when the last pause ends, everything alive is frozen instead
(``gc.freeze``, a constant-time move out of the collector's sight; the young generation's count
starts again from zero). Frozen objects are still freed by reference counting as soon as they
are dropped; only a reference cycle among them would stay. To keep that bounded, every
``reclaim_every``-th freeze makes a reclaim due, and ``reclaim_if_due`` then unfreezes
everything, runs one full collection and freezes the survivors again. The count of freezes,
not time, decides when one is due: the same edits give the same reclaims. A reclaim walks every
object the process holds (50-270 ms with a file open), so the server runs a due one once the
client has been quiet a while, and while it types only when several are due (``lsp.quiet_reclaim``).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.RLock()  # re-entrant: a finalizer run by the reclaim's collection may pause
_depth = 0
_was_enabled = False
#: freeze what is alive when the last pause ends, every how many freezes a reclaim is due (0: never freeze)
_reclaim_every = 0
_freezes_since_reclaim = 0


@contextmanager
def collector_paused() -> Iterator[None]:
    global _depth, _was_enabled, _freezes_since_reclaim
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                if _reclaim_every:
                    gc.freeze()
                    _freezes_since_reclaim += 1
                gc.enable()


def freeze_after_pauses(reclaim_every: int) -> None:
    """From now on, freeze what is alive when the last pause ends (when the collector was on),
    and make a reclaim due every ``reclaim_every`` freezes; 0 turns freezing off."""
    global _reclaim_every, _freezes_since_reclaim
    with _lock:
        _reclaim_every = max(0, reclaim_every)
        _freezes_since_reclaim = 0


def reclaims_due() -> int:
    """How many reclaims are due: the freezes since the last one over ``reclaim_every`` (0 when
    freezing is off)."""
    with _lock:
        return _freezes_since_reclaim // _reclaim_every if _reclaim_every else 0


def reclaim_if_due() -> bool:
    """Free the reference cycles among frozen objects when a reclaim is due and no pause is
    running (else it stays due): unfreeze everything, collect, freeze what survives. True if it ran."""
    global _freezes_since_reclaim
    with _lock:
        if not _reclaim_every or _freezes_since_reclaim < _reclaim_every or _depth:
            return False
        _freezes_since_reclaim = 0
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        return True
