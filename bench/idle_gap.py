"""What the pause between keystrokes costs: the server's lint of each keystroke, in process,
timed back to back, after an editor's pause (a sleep) and after a busy pause of the same length.

    python bench/idle_gap.py [--pause MS] [--keystrokes N] [FILE...]

An editor sends a keystroke every few tens of milliseconds and the server idles in between.
While it idles, other work on the machine (on a virtual machine, the host's too) takes the CPU's
caches and address translations, so the next lint finds its objects cold: each distinct piece
of memory it touches costs a cache and TLB miss again. The busy pause keeps the CPU and the
process's memory warm for the same time, so ``pause / busy`` is the cost of cold memory and
``busy / back to back`` the rest (clock, scheduler).

The same three conditions time a walk of Python objects scattered over a large heap (about as
many as a keystroke's lint touches), the machine's own baseline: its ratios say how much any
program pays here, whatever its code. A lint that walks fewer objects per keystroke pays less of
it, which an instruction count (callgrind) does not show.

Each keystroke is typed or erased inside a RUN line as ../shared/tools/lspbench.py's ``typing``
does ("pkg" typed, then erased, at ten RUN lines), sent to the document store as the server's
``didChange`` is (``lsp.text.edit_text``). Times are the thread's CPU time, medians.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator

from _bytecode import compile_package
from _served_document import ServedDocument
from keystroke_profile import input_files, typing_column, typing_lines

#: the conditions between two keystrokes, by name: what runs in the pause of ``seconds``
PAUSES: dict[str, Callable[[float], None]] = {
    "back to back": lambda seconds: None,
    "pause (sleep)": time.sleep,
    "busy pause": lambda seconds: _spin(seconds),
}


def _spin(seconds: float) -> None:
    """Keep the CPU busy for ``seconds`` without touching memory."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def typing_changes(text: str) -> Iterator[tuple[int, int, int, str]]:
    """The typing pattern's edits, endlessly: (line, start column, end column, inserted text)."""
    lines = text.split("\n")
    targets = typing_lines(lines)
    targets = targets[:: max(1, len(targets) // 10)][:10]
    while True:
        for number in targets:
            column = typing_column(lines[number])
            for k, char in enumerate("pkg"):
                yield number, column + k, column + k, char
            for k in range(3):
                yield number, column + 2 - k, column + 3 - k, ""


def keystroke_lints(path: str) -> Callable[[], None]:
    """A function that sends the next keystroke of the typing pattern to a document store
    holding ``path`` and lints it as the server does."""
    served = ServedDocument(path)
    changes = typing_changes(served.text)

    def step() -> None:
        served.keystroke(*next(changes))

    return step


def scattered_walk(objects: int = 200_000, touched: int = 2_500) -> Callable[[], None]:
    """A function reading ``touched`` objects picked at random among ``objects`` small ones."""
    heap = [{f"k{i}": [i, str(i)]} for i in range(objects)]
    picked = [heap[i] for i in random.Random(1).sample(range(objects), touched)]

    def walk() -> None:
        for entry in picked:
            for value in entry.values():
                value[0] + 1

    return walk


def timed(step: Callable[[], None], pause: Callable[[float], None], seconds: float, count: int) -> float:
    """The median thread CPU ms of ``count`` calls of ``step``, each followed by ``pause``."""
    times = []
    for _ in range(count):
        start = time.thread_time()
        step()
        times.append(time.thread_time() - start)
        pause(seconds)
    return statistics.median(times) * 1000


def report(name: str, step: Callable[[], None], seconds: float, count: int) -> None:
    """One line: ``step``'s median under each pause, and the ratios to back to back."""
    for _ in range(12):
        step()  # warm up (the memo fills, the ShellCheck answers arrive)
    ms = {condition: timed(step, pause, seconds, count) for condition, pause in PAUSES.items()}
    base = ms["back to back"]
    cells = "  ".join(f"{condition} {value:6.2f} ms ({value / base:.2f}x)" for condition, value in ms.items())
    print(f"{name}\n    {cells}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pause", type=float, default=8.0, help="ms between keystrokes (default 8)")
    parser.add_argument("--keystrokes", type=int, default=90, help="keystrokes timed per condition")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args(argv)
    files = input_files(args.files)
    if not files:
        return 2
    compile_package()
    seconds = args.pause / 1000
    report("machine baseline: 2,500 scattered objects read", scattered_walk(), seconds, args.keystrokes)
    for path in files:
        report(f"keystroke lint: {os.path.basename(path)}", keystroke_lints(path), seconds, args.keystrokes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
