"""The server freezes what each lint leaves alive (``gcpause``); a reclaim of frozen reference
cycles, when due, runs right after a message is written to the client, never before it."""

from __future__ import annotations

import weakref

import pytest
from frozen_cycles import Cycle, dropped_cycle, freezing
from stanzalint.lsp.server import create_server


class Writer:
    """A transport noting, at each write, whether the watched cycle was still alive."""

    def __init__(self, cycle: weakref.ref[Cycle]) -> None:
        self.cycle = cycle
        self.alive_at_write: list[bool] = []

    def write(self, data: bytes) -> None:
        self.alive_at_write.append(self.cycle() is not None)

    def close(self) -> None:
        pass


@pytest.mark.parametrize("message", ["published diagnostics", "a response"])
def test_a_due_reclaim_runs_after_the_message_is_written(message):
    server = create_server()
    with freezing(1):
        cycle = dropped_cycle()  # as a lint: what is alive at its end is frozen, a reclaim due
        written = write(server, cycle, message)
        assert cycle() is None
    assert written == [True]


def write(server, cycle, message: str) -> list[bool]:
    """Whether ``cycle`` was alive when the server wrote ``message``."""
    writer = Writer(cycle)
    server.protocol.set_writer(writer, include_headers=False)
    if message == "a response":
        server.protocol._send_response(7, result=None)  # as pygls answers a request
    else:
        server.protocol.send_encoded('{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics"}')
    return writer.alive_at_write
