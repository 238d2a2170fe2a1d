"""The pygls server for ``stanzalint serve``: a ``StanzaServer`` with every handler registered
(``stanzalint.lsp.handlers``), served over stdio or TCP.

Start-up imports only pygls, lsprotocol, the document store and the handlers: each feature
module is imported by the first request that needs it, the engine at the first lint.
"""

from __future__ import annotations

import gc
import logging
import os
import sys

from stanzalint import gcpause
from stanzalint.lsp import build_context, handlers
from stanzalint.lsp.stanza_server import StanzaServer

__all__ = ["StanzaServer", "create_server", "run"]

#: a reclaim of frozen reference cycles is due after this many lints (``gcpause``)
RECLAIM_EVERY = 200
#: glibc's ``mallopt`` parameter for the most malloc arenas (``M_ARENA_MAX`` in malloc.h)
M_ARENA_MAX = -8


def create_server() -> StanzaServer:
    """A server with every handler registered, its context work reporting back to it."""
    server = StanzaServer()
    handlers.register(server)
    build_context.connect(server)
    return server


def _tune_garbage_collector() -> None:
    """A lint makes tens of thousands of short-lived objects, which would start a cyclic
    collection every few hundred allocations, and now and then a full one that walks every
    object the server holds (the protocol's types alone are a hundred thousand). The objects
    made at start-up live as long as the server, so they are moved out of the collector's
    sight, and collections run less often: a full collection during an edit was what made the
    slowest edits twice as slow as the median. (No collection first: freezing is a constant-time
    move, a collection here would delay the first answer.) What each lint leaves alive is frozen
    too when it ends, with a reclaim every ``RECLAIM_EVERY`` lints (``gcpause``)."""
    gc.freeze()
    gc.set_threshold(20000, 20, 20)
    gcpause.freeze_after_pauses(RECLAIM_EVERY)


def share_one_malloc_arena() -> None:
    """Have every thread allocate from glibc's main malloc arena; called before any thread starts.

    By default glibc gives each thread that allocates an arena of its own (up to eight per
    core): the stdin reader, the lint workers and ShellCheck's threads held four beside the main
    one, each with pages only its own thread's later allocations reuse (4 MB at the end of a
    benchmark run on a 777-line file, against 3.2 MB more in the one arena now). Python's
    allocator serves small objects from its own pools and the interpreter lock runs one thread
    at a time, so the one arena is rarely contended. Nothing changes off glibc (Windows and
    macOS have no ``os.confstr`` name for it)."""
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):
            return
    except (AttributeError, ValueError, OSError):
        return  # not glibc
    import ctypes

    ctypes.CDLL(None).mallopt(M_ARENA_MAX, 1)


def run(tcp: tuple[str, int] | None = None, log_level: str = "WARNING") -> int:
    """Serve over stdio, or one client over TCP when ``tcp`` is (host, port), then end the
    process with LSP's exit status (0 only after ``shutdown``). The process ends at once: a
    lint still running in a worker is not waited for."""
    from stanzalint.lsp.memory_trace import install_from_env
    from stanzalint.lsp.transport import serve_stdio, serve_tcp

    share_one_malloc_arena()
    install_from_env()
    logging.basicConfig(
        stream=sys.stderr,
        level=getattr(logging, str(log_level).upper(), logging.WARNING),
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    server = create_server()
    _tune_garbage_collector()
    if tcp is not None:
        serve_tcp(server.protocol, tcp[0], tcp[1])
    else:
        serve_stdio(server.protocol)
    status = 0 if server.shut_down else 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (ValueError, OSError):
            pass  # closed by ``exit``, or by the client
    os._exit(status)
