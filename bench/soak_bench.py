"""Soak benchmark: a long editing session on the 777-line corpus file, with the server's memory
sampled as it goes.

usage: python bench/soak_bench.py [--edits N] [--every N] [--before REV] [--json] [FILE]

``--before REV`` runs the session on the server as it was at git revision REV instead (to
compare two runs on the same machine).

One ``stanzalint serve`` over stdio, default settings (ShellCheck on, its cache in a fresh
temporary directory). Each edit is an incremental ``didChange``: odd edits type a character at
the end of a line (every 7th line in turn), even edits undo it, so the text keeps coming back to
the opened one. After each edit one request in turn: hover, code action over the edited line,
document symbols, completion; each waits for the lint of that version. The server's resident
memory (VmRSS) is read after opening, every ``--every`` edits, and after closing the document.
The figure that matters: RSS after all edits / RSS after the first ``--every`` (at most 1.2).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from typing import Any

from _bytecode import ROOT, compile_package
from lsp_bench import FILE, server_at

sys.path.insert(0, os.path.join(ROOT, "tests", "lsp"))
from rawclient import RawClient  # noqa: E402  (the tests' minimal JSON-RPC client)

BOUND = 1.2
REQUESTS = ("textDocument/hover", "textDocument/codeAction", "textDocument/documentSymbol", "textDocument/completion")


class Server(RawClient):
    """``stanzalint serve`` over stdio, with its ShellCheck cache in ``cache_dir``."""

    def __init__(self, cache_dir: str, command: list[str] | None = None) -> None:
        os.environ["STANZALINT_CACHE_DIR"] = cache_dir  # the server inherits it
        super().__init__(command)
        self.next_id = 0
        self.published = 0

    def notify(self, method: str, params: Any) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        """Send a request and read until its answer (notifications counted, requests answered)."""
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            message = self.read()
            if "method" not in message and message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result")
            if "method" in message and "id" in message:
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            elif message.get("method") == "textDocument/publishDiagnostics":
                self.published += 1

    def rss_mb(self) -> float:
        with open(f"/proc/{self.proc.pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
        raise RuntimeError("no VmRSS")

    def stop(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.wait(10)
        finally:
            self.close()


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def follow_up(n: int, uri: str, line: int, end: int) -> Any:
    """The request sent after edit ``n``: (method, params)."""
    doc = {"uri": uri}
    here = {"line": line, "character": end}
    method = REQUESTS[n % len(REQUESTS)]
    if method == "textDocument/codeAction":
        return method, {
            "textDocument": doc,
            "range": {"start": {"line": line, "character": 0}, "end": here},
            "context": {"diagnostics": []},
        }
    if method == "textDocument/documentSymbol":
        return method, {"textDocument": doc}
    return method, {
        "textDocument": doc,
        "position": here if method.endswith("completion") else {"line": line, "character": 1},
    }


def change_at(n: int, line: int, end: int) -> dict[str, Any]:
    """Edit ``n``: odd ones type a character at the end of ``line``, even ones undo it."""
    if n % 2:
        return {
            "range": {"start": {"line": line, "character": end}, "end": {"line": line, "character": end}},
            "text": "x",
        }
    return {
        "range": {"start": {"line": line, "character": end}, "end": {"line": line, "character": end + 1}},
        "text": "",
    }


def open_doc(server: Server, uri: str, text: str) -> None:
    server.notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}}
    )
    server.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})  # linted


def close_doc(server: Server, uri: str) -> None:
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    server.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})  # the close is done


def edit_session(server: Server, uri: str, text: str, edits: int, every: int) -> list[dict[str, Any]]:
    """Edit, request, and sample RSS every ``every`` edits."""
    lines = text.split("\n")
    samples: list[dict[str, Any]] = [{"edits": 0, "rss_mb": server.rss_mb(), "seconds": 0.0}]
    started = time.perf_counter()
    for n in range(1, edits + 1):
        line = ((n - 1) // 2 * 7) % len(lines)
        end = utf16_length(lines[line])
        server.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": n + 1}, "contentChanges": [change_at(n, line, end)]},
        )
        server.request(*follow_up(n, uri, line, end))
        if n % every == 0:
            samples.append({"edits": n, "rss_mb": server.rss_mb(), "seconds": round(time.perf_counter() - started, 1)})
            print(f"{n:>7} edits  RSS {samples[-1]['rss_mb']:>7} MB  {samples[-1]['seconds']:>7} s", file=sys.stderr)
    return samples


def reopen_rounds(server: Server, text: str, rounds: int, copies: int) -> list[float]:
    """RSS after each round of opening ``copies`` copies of the text (each linted) and closing
    them all: when closing gives a document's memory back, later rounds reuse it."""
    out = []
    for r in range(rounds):
        uris = [f"file:///soak/copy-{r}-{i}/Dockerfile" for i in range(copies)]
        for uri in uris:
            open_doc(server, uri, text)
        for uri in uris:
            close_doc(server, uri)
        out.append(server.rss_mb())
    return out


def soak(
    path: str, edits: int, every: int, rounds: int = 3, copies: int = 10, command: list[str] | None = None
) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    uri = "file://" + os.path.abspath(path)
    with tempfile.TemporaryDirectory(prefix="stanzalint-soak-") as cache_dir:
        server = Server(cache_dir, command)
        try:
            server.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {}})
            server.notify("initialized", {})
            open_doc(server, uri, text)
            samples = edit_session(server, uri, text, edits, every)
            close_doc(server, uri)
            closed = server.rss_mb()
            reopened = reopen_rounds(server, text, rounds, copies)
            published = server.published
        finally:
            server.stop()
    first = next((s["rss_mb"] for s in samples if s["edits"] == every), None)
    return {
        "file": os.path.basename(path),
        "edits": edits,
        "samples": samples,
        "rss_after_close_mb": closed,
        "reopen_rounds_rss_mb": reopened,
        "copies_per_round": copies,
        "diagnostics_published": published,
        "growth": round(samples[-1]["rss_mb"] / first, 3) if first else None,
        "bound": BOUND,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=FILE)
    parser.add_argument("--edits", type=int, default=10_000)
    parser.add_argument("--every", type=int, default=1_000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--before", metavar="REV", help="run the server of this git revision")
    args = parser.parse_args(argv)
    if not os.path.exists(args.file):
        print(f"no such file: {args.file}", file=sys.stderr)
        return 2
    compile_package()
    with tempfile.TemporaryDirectory() as exported:
        command = server_at(args.before, exported) if args.before else None
        result = soak(args.file, args.edits, args.every, command=command)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"after close    RSS {result['rss_after_close_mb']:>7} MB")
    rounds = ", ".join(f"{mb} MB" for mb in result["reopen_rounds_rss_mb"])
    print(f"after each round of opening and closing {result['copies_per_round']} copies: {rounds}")
    growth = result["growth"]
    if growth is not None:
        verdict = "met" if growth <= BOUND else "NOT MET"
        print(f"RSS after {args.edits} edits / after {args.every}: {growth}  (bound <= {BOUND}: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
