"""Freezing after pauses as the server does (``gcpause``), and reference cycles to watch."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from stanzalint.gcpause import collector_paused, freeze_after_pauses


@contextmanager
def freezing(reclaim_every: int) -> Iterator[None]:
    """Freeze after pauses with a reclaim due every ``reclaim_every`` freezes; afterwards the
    process's collector is as it was, nothing frozen."""
    gc.collect()
    freeze_after_pauses(reclaim_every)
    try:
        yield
    finally:
        freeze_after_pauses(0)
        gc.unfreeze()
        gc.collect()


class Cycle:
    def __init__(self) -> None:
        self.me = self


def dropped_cycle() -> weakref.ref[Cycle]:
    """A reference cycle made in a pause (as in a lint) and dropped: garbage only the collector
    frees, frozen when freezing is on."""
    with collector_paused():
        cycle = Cycle()
        ref = weakref.ref(cycle)
        del cycle
    return ref
