"""The server freezes what each lint leaves alive (``gcpause``); a reclaim of frozen reference
cycles, when due, runs right after a message is written to the client, never before it."""

from __future__ import annotations

import gc
import weakref

import pytest
from stanzalint.gcpause import collector_paused, freeze_after_pauses
from stanzalint.lsp.server import create_server


class Cycle:
    def __init__(self) -> None:
        self.me = self


class Writer:
    """A transport noting, at each write, whether the watched cycle was still alive."""

    def __init__(self, cycle: weakref.ref[Cycle]) -> None:
        self.cycle = cycle
        self.alive_at_write: list[bool] = []

    def write(self, data: bytes) -> None:
        self.alive_at_write.append(self.cycle() is not None)

    def close(self) -> None:
        pass


@pytest.fixture
def reclaim_every_lint():
    gc.collect()
    freeze_after_pauses(1)
    try:
        yield
    finally:
        freeze_after_pauses(0)
        gc.unfreeze()
        gc.collect()


def frozen_cycle() -> weakref.ref[Cycle]:
    with collector_paused():  # as a lint: what is alive at its end is frozen, a reclaim due
        cycle = Cycle()
        ref = weakref.ref(cycle)
        del cycle
    return ref


@pytest.mark.parametrize("message", ["published diagnostics", "a response"])
def test_a_due_reclaim_runs_after_the_message_is_written(reclaim_every_lint, message):
    server = create_server()
    cycle = frozen_cycle()
    writer = Writer(cycle)
    server.protocol.set_writer(writer, include_headers=False)
    if message == "a response":
        server.protocol._send_response(7, result=None)  # as pygls answers a request
    else:
        server.protocol.send_encoded('{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics"}')
    assert writer.alive_at_write == [True]
    assert cycle() is None
