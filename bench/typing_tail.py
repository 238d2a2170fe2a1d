"""The slowest keystrokes of a long typing session through the real server, side by side in one
run: what a pause of the server between keystrokes (a collector reclaim, a lint on a worker)
costs the keystroke that meets it, which a median does not show; and the median of the typed
characters and of the erases apart (an erase brings back a text the server linted a few
keystrokes before, whose result it takes again: the median of both together falls between).

usage: python bench/typing_tail.py [--keystrokes N] [--large] [--before REV] [--node]

Types the typing pattern of ``../shared/tools/lspbench.py`` (a word typed, then erased, inside
RUN lines, one incremental ``didChange`` each, 5 ms apart) ``N`` times (default 1,020, past five
of the server's reclaims) and prints each server's p50, p99 and five slowest keystrokes, then
the p50 of the typed characters and of the erases (``--node``: the node server's too).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time

from _bytecode import compile_package
from _harness_session import inputs_missing, opened, servers_to_drive
from lsp_bench import FILE, LARGE, node_server


async def _session(command: list[str], path: str, keystrokes: int) -> list[tuple[bool, float]]:
    """Whether each keystroke erased, and its latency (ms) from its ``didChange`` to the
    diagnostics it brings."""
    session = await opened(command, path)
    client, uri, text = session.client, session.uri, session.text
    lines = text.split("\n")
    targets = [n for n, line in enumerate(lines) if line.lstrip().upper().startswith("RUN ") and len(line) > 12]
    targets = targets[:: max(1, len(targets) // 10)][:10]
    latencies, version = [], 1
    while len(latencies) < keystrokes:
        for line in targets:
            at = lines[line].find(" ", len(lines[line]) // 2)
            at = at if at > 0 else len(lines[line].rstrip(" \\"))
            for k, typed in enumerate("pkg\b\b\b"):
                version += 1
                start = at + (2 - (k - 3) if typed == "\b" else k)
                change = {
                    "range": {
                        "start": {"line": line, "character": start},
                        "end": {"line": line, "character": start + (typed == "\b")},
                    },
                    "text": "" if typed == "\b" else typed,
                }
                sent = time.perf_counter()
                client.notify(
                    "textDocument/didChange",
                    {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
                )
                received, _ = await client.next_diags(uri, sent)
                latencies.append((typed == "\b", (received - sent) * 1000))
                await asyncio.sleep(0.005)
    await session.close()
    return latencies[:keystrokes]


def _summary(keystrokes: list[tuple[bool, float]]) -> str:
    ordered = sorted(ms for _erased, ms in keystrokes)
    slowest = ", ".join(f"{ms:.1f}" for ms in ordered[-5:])
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    kinds = ""
    typed = [ms for erased, ms in keystrokes if not erased]
    erases = [ms for erased, ms in keystrokes if erased]
    if typed and erases:
        kinds = f"  |  typed p50 {statistics.median(typed):6.2f} ms  erased p50 {statistics.median(erases):6.2f} ms"
    return f"p50 {statistics.median(ordered):6.2f} ms  p99 {p99:6.2f} ms  slowest {slowest} ms{kinds}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keystrokes", type=int, default=1020)
    parser.add_argument("--large", action="store_true", help="type in the 4,037-line file instead")
    parser.add_argument("--before", metavar="REV", help="also drive the server of this git revision")
    parser.add_argument("--node", action="store_true", help="also drive the node server (.tools)")
    args = parser.parse_args(argv)
    path = LARGE if args.large else FILE
    if inputs_missing([path]):
        return 2
    compile_package()
    with tempfile.TemporaryDirectory() as exported:
        servers = servers_to_drive(args.before, exported)
        node = node_server(None) if args.node else None
        if node is not None:
            servers["node"] = node
        for name, command in servers.items():
            print(f"{name:>18}  {_summary(asyncio.run(_session(command, path, args.keystrokes)))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
