"""The language server's threads share glibc's main malloc arena: an arena per thread (the stdin
reader, the lint workers, ShellCheck's) kept pages only that thread reused (about 0.7 MB of the
peak resident memory on a 777-line file). Off glibc nothing is asked of the C library."""

from __future__ import annotations

import os
import sys

import pytest
from rawclient import RawClient

#: the size glibc reserves for each heap of a thread's arena on 64-bit (HEAP_MAX_SIZE), aligned to it
THREAD_HEAP = 64 * 1024 * 1024

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc"),
    reason="glibc's malloc arenas on Linux",
)

TEXT = "FROM debian:12\n" + "".join(
    f"RUN apt-get update && apt-get install -y curl{i} && echo $HOME\n" for i in range(40)
)


def thread_arena_heaps(pid: int) -> int:
    """How many heaps of non-main malloc arenas the process maps: an anonymous read-write mapping
    at a 64 MiB boundary followed by the inaccessible rest of its 64 MiB reservation."""
    with open(f"/proc/{pid}/maps", encoding="ascii") as fh:
        rows = [line.split() for line in fh]
    maps = [(*(int(a, 16) for a in row[0].split("-")), row[1], len(row) > 5) for row in rows]
    return sum(
        1
        for (start, end, perms, named), (next_start, next_end, next_perms, next_named) in zip(maps, maps[1:])
        if perms == "rw-p"
        and not named
        and start % THREAD_HEAP == 0
        and next_start == end
        and next_perms == "---p"
        and not next_named
        and next_end - start == THREAD_HEAP
    )


def test_the_lint_threads_allocate_from_the_main_arena():
    raw = RawClient()
    try:
        raw.initialize()
        uri = "file:///arenas/Dockerfile"
        raw.send(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": TEXT}},
            }
        )
        while True:
            msg = raw.read()
            if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
                break
        assert thread_arena_heaps(raw.proc.pid) == 0
    finally:
        raw.close()


def test_off_glibc_nothing_is_asked_of_the_c_library(monkeypatch):
    """Where ``os`` has no ``confstr`` (Windows), the server starts as it did: no error."""
    import ctypes

    from stanzalint.lsp.server import share_one_malloc_arena

    monkeypatch.delattr(os, "confstr")
    monkeypatch.setattr(ctypes, "CDLL", lambda *_: pytest.fail("the C library was loaded"))
    share_one_malloc_arena()
