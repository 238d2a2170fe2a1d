"""Counting reference cycles: what a block of code leaves that only the cycle collector frees.

The server collects cycles rarely (its collector runs less often, and not at all during a
lint), so a cycle made per request keeps what it references for hundreds of edits: a long
session's memory grew by tens of MB that way.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycles_made() -> Iterator[Counter[str]]:
    """Yields a Counter that, after the block, holds by type name the objects made in it that
    are unreachable but still alive (cyclic garbage). The collector is off inside the block."""
    gc.collect()
    was_enabled, debug = gc.isenabled(), gc.get_debug()
    gc.disable()
    found: Counter[str] = Counter()
    try:
        yield found
    finally:
        turned_on = gc.isenabled()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            gc.collect()
            found.update(type(o).__name__ for o in gc.garbage)
        finally:
            gc.set_debug(debug)
            gc.garbage.clear()
            gc.collect()
            if was_enabled:
                gc.enable()
    assert not turned_on, "the collector was turned on inside the block: some cycles went uncounted"
