"""Snapshots of the server's Python heap on demand, to find where a long session's memory goes.

With ``STANZALINT_TRACEMALLOC=DIR`` in its environment, ``stanzalint serve`` writes
``DIR/snapshot-N.json`` at each ``SIGUSR1`` (N counts from 1): its resident memory, the traced
heap, the heap's allocated blocks and the cycle collector's counts. The first signal also starts tracing every allocation
(``tracemalloc``, 25 frames: the server then runs about twenty times slower), and each later one
writes ``DIR/snapshot-N.pickle`` too: what was allocated since the first signal and is still
alive. ``python -m stanzalint.lsp.memory_trace DIR/snapshot-2.pickle DIR/snapshot-3.pickle``
prints the 25 tracebacks whose memory grew the most between two snapshots.
``STANZALINT_TRACEMALLOC_FRAMES`` sets the frames kept per allocation (0: figures only, no
tracing).

``tracemalloc`` (and the ``pickle`` it imports, 0.4 MB of resident memory) is imported by the
first signal, not by every server start that reads the variable.
"""

from __future__ import annotations

import gc
import itertools
import json
import os
import signal
import sys

ENV = "STANZALINT_TRACEMALLOC"
FRAMES_ENV = "STANZALINT_TRACEMALLOC_FRAMES"


def install_from_env() -> None:
    """Dump figures, and snapshots once tracing, at each SIGUSR1 when the environment asks."""
    directory = os.environ.get(ENV)
    if not directory or not hasattr(signal, "SIGUSR1"):
        return
    os.makedirs(directory, exist_ok=True)
    numbers = itertools.count(1)
    frames = int(os.environ.get(FRAMES_ENV, "25"))
    signal.signal(signal.SIGUSR1, lambda *_: dump(directory, next(numbers), frames))


def dump(directory: str, number: int, frames: int) -> None:
    """Write figures ``number`` into ``directory``, and the snapshot too when tracing already
    (else start tracing)."""
    import tracemalloc

    if tracemalloc.is_tracing():
        tracemalloc.take_snapshot().dump(os.path.join(directory, f"snapshot-{number}.pickle"))
    elif frames > 0:
        tracemalloc.start(frames)
    current, peak = tracemalloc.get_traced_memory()
    figures = {
        "rss_kb": resident_kb(),
        "traced_bytes": current,
        "traced_peak_bytes": peak,
        "allocated_blocks": sys.getallocatedblocks(),
        "gc_counts": gc.get_count(),
        "gc_stats": gc.get_stats(),
        "gc_frozen": gc.get_freeze_count(),
    }
    with open(os.path.join(directory, f"snapshot-{number}.json"), "w", encoding="utf-8") as fh:
        json.dump(figures, fh, indent=1)


def resident_kb() -> int | None:
    """This process's resident memory (VmRSS) in KiB, where /proc tells it."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def growth(before: str, after: str, top: int = 25) -> list[str]:
    """The ``top`` tracebacks whose traced memory grew most from snapshot ``before`` to ``after``."""
    import tracemalloc

    old = tracemalloc.Snapshot.load(before)
    new = tracemalloc.Snapshot.load(after)
    lines = []
    for stat in new.compare_to(old, "traceback")[:top]:
        lines.append(f"{stat.size_diff / 1024:+.1f} KiB, {stat.count_diff:+d} blocks (now {stat.size / 1024:.1f} KiB)")
        lines.extend("    " + line for line in stat.traceback.format(most_recent_first=True)[: 2 * 8])
    return lines


if __name__ == "__main__":
    print("\n".join(growth(sys.argv[1], sys.argv[2])))
