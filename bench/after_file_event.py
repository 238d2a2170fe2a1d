"""What a file event costs the typing after it: the relint a saved Dockerfile (or any other file
of the workspace changed) starts, and the first keystroke after it, through the real server,
side by side with another git revision in one run.

usage: python bench/after_file_event.py [--rounds N] [--before REV] [FILE...]

An editor that watches the workspace sends ``workspace/didChangeWatchedFiles`` when a file is
saved, the Dockerfile itself included: the server lints every open document again (the build
context may have changed). Each round here sends the event for the open document's own file,
waits for the diagnostics it brings, then types one character inside a RUN line and erases it
(incremental ``didChange``), then does the same in another RUN line (a text not linted before),
50 ms apart as a person types. Prints, per server, the median of each step's latency
(from the message to the diagnostics it brings). The file is copied into an empty directory, the
workspace folder (default files: the 777-line corpus file and
``../shared/bench/large-8-stages.Dockerfile``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import tempfile
import time

from _bytecode import compile_package
from _harness_session import inputs_missing, opened, servers_to_drive
from keystroke_profile import typing_column, typing_lines
from lsp_bench import FILE, LARGE

#: the steps of a round, as printed
STEPS = ("relint after the event", "keystroke after it", "its erase", "keystroke, no event", "the erase of that")


async def _rounds(command: list[str], path: str, rounds: int) -> dict[str, list[float]]:
    """Each step's latencies (ms) over ``rounds`` rounds with the server ``command`` starts."""
    session = await opened(command, path, "file://" + os.path.dirname(os.path.abspath(path)))
    client, uri, text = session.client, session.uri, session.text
    lines = text.split("\n")
    targets = typing_lines(lines)
    version = 1
    times: dict[str, list[float]] = {step: [] for step in STEPS}

    async def timed(step: str, method: str, params: dict[str, object]) -> None:
        sent = time.perf_counter()
        client.notify(method, params)
        received, _ = await client.next_diags(uri, sent)
        times[step].append((received - sent) * 1000)
        await asyncio.sleep(0.05)

    async def keystroke(step: str, line: int, column: int, typed: str) -> None:
        nonlocal version
        version += 1
        end = column + (not typed)
        change = {"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": end}}}
        params = {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{**change, "text": typed}]}
        await timed(step, "textDocument/didChange", params)

    await asyncio.sleep(1)  # the build context's first walk, in the background, is done
    for n in range(rounds):
        line, other = targets[n % len(targets)], targets[(n + len(targets) // 2) % len(targets)]
        await timed(STEPS[0], "workspace/didChangeWatchedFiles", {"changes": [{"uri": uri, "type": 2}]})
        await keystroke(STEPS[1], line, typing_column(lines[line]), "p")
        await keystroke(STEPS[2], line, typing_column(lines[line]), "")
        await keystroke(STEPS[3], other, typing_column(lines[other]), "p")  # another line: not a text linted before
        await keystroke(STEPS[4], other, typing_column(lines[other]), "")
    await session.close()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--before", metavar="REV", help="also drive the server of this git revision")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args(argv)
    files = args.files or [FILE, LARGE]
    if inputs_missing(files):
        return 2
    compile_package()
    with tempfile.TemporaryDirectory() as exported:
        servers = servers_to_drive(args.before, exported)
        for path in files:
            print(f"\n{os.path.basename(path)}: median ms over {args.rounds} rounds")
            print(f"{'':>24}" + "".join(f"{name:>20}" for name in servers) + ("   ratio" if len(servers) > 1 else ""))
            with tempfile.TemporaryDirectory() as workspace:
                copy = shutil.copy(path, os.path.join(workspace, "Dockerfile"))
                found = {name: asyncio.run(_rounds(command, copy, args.rounds)) for name, command in servers.items()}
            for step in STEPS:
                medians = [statistics.median(found[name][step]) for name in servers]
                ratio = f"{medians[0] / medians[1]:>7.2f}x" if len(medians) > 1 else ""
                print(f"{step:>24}" + "".join(f"{m:>20.2f}" for m in medians) + ratio)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
