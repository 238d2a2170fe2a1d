"""A due reclaim of frozen reference cycles (``gcpause``), run once the client has been quiet.

A reclaim walks every object the server holds: 50-120 ms with the 777-line corpus file open,
90-270 ms with a 4,000-line file. Run as soon as a message was written, it held up the next
keystroke's lint when that keystroke came while it ran, and every 200th keystroke was answered
a tenth of a second late or more. A due reclaim now waits until no message has come for
``QUIET`` seconds (a person who stopped typing). It runs right after a write only when
``OVERDUE`` reclaims are due, so that a client that never pauses still has its cycles freed.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable

from stanzalint import gcpause

log = logging.getLogger(__name__)

#: how long the client must have sent nothing before a due reclaim runs (seconds)
QUIET = 1.0
#: how many reclaims may be due before one runs right after a write, quiet or not
OVERDUE = 8


class QuietReclaim:
    """Runs the server's due reclaims on the event loop while the client is quiet: told of each
    message the client sends (``heard``) and of each one written to it (``written``)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._heard = -math.inf
        self._timer: asyncio.TimerHandle | None = None

    def heard(self) -> None:
        """Note that the client sent a message."""
        self._heard = self._clock()

    def written(self) -> None:
        """After a message is written (so the client has it first): run a due reclaim now when
        ``OVERDUE`` are due or when written off the event loop, else once the client is quiet."""
        due = gcpause.reclaims_due()
        if not due:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if due >= OVERDUE or loop is None:
            _try_reclaim()
        elif self._timer is None:
            self._timer = loop.call_later(QUIET, self._when_quiet)

    def _when_quiet(self) -> None:
        """Run the due reclaim if the client has been quiet for ``QUIET`` seconds and no lint is
        running (``reclaim_if_due`` waits for one); else look again when it could be."""
        self._timer = None
        if not gcpause.reclaims_due():  # it ran meanwhile, right after a write (``OVERDUE``)
            return
        quiet_for = self._clock() - self._heard
        if quiet_for >= QUIET and _try_reclaim():
            return
        # when the client will have been quiet long enough; while a lint holds the collector
        # paused (the client quiet already), ten times a second until it ends
        again = max(QUIET - quiet_for, QUIET / 10)
        self._timer = asyncio.get_running_loop().call_later(again, self._when_quiet)


def _try_reclaim() -> bool:
    """Run a due reclaim unless a lint is running (``gcpause.reclaim_if_due``), logging its
    cost; whether it ran."""
    started = time.perf_counter()
    ran = gcpause.reclaim_if_due()
    if ran:
        log.debug("reclaimed frozen reference cycles in %.1f ms", (time.perf_counter() - started) * 1000)
    return ran
