"""The server freezes what each lint leaves alive (``gcpause``); a due reclaim of frozen reference
cycles runs after a message is written, never before it, and on the event loop only once the
client has been quiet (``quiet_reclaim``): a reclaim walks every object the server holds, and a
keystroke that came while it ran would wait for it."""

from __future__ import annotations

import asyncio
import weakref

import pytest
from frozen_cycles import Cycle, dropped_cycle, freezing
from stanzalint.gcpause import collector_paused
from stanzalint.lsp import quiet_reclaim
from stanzalint.lsp.quiet_reclaim import OVERDUE, QuietReclaim
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


#: a notification a server that is not initialized yet drops
INITIALIZED = b'{"jsonrpc":"2.0","method":"initialized","params":{}}'


class Clock:
    """A clock the test moves on."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    """The clock the reclaim reads the client's quiet on, moved by the test; the quiet needed
    is 10 ms, so the event loop looks again every few milliseconds."""
    monkeypatch.setattr(quiet_reclaim, "QUIET", 0.01)
    return Clock()


def counting(reclaims: QuietReclaim) -> list[None]:
    """A list that grows by one each time ``reclaims`` looks whether it can run (its timer)."""
    looks: list[None] = []
    look = reclaims._when_quiet

    def counted() -> None:
        looks.append(None)
        look()

    reclaims._when_quiet = counted  # type: ignore[method-assign]
    return looks


@pytest.mark.parametrize("message", ["published diagnostics", "a response"])
def test_off_the_event_loop_a_due_reclaim_runs_right_after_the_message_is_written(message):
    server = create_server()
    with freezing(1):
        cycle = dropped_cycle()  # as a lint: what is alive at its end is frozen, a reclaim due
        written = write(server, cycle, message)
        assert cycle() is None
    assert written == [True]


@pytest.mark.asyncio
async def test_on_the_event_loop_a_due_reclaim_waits_while_the_client_keeps_sending(clock):
    server = create_server()
    server.protocol.quiet_reclaim = QuietReclaim(clock=clock)
    with freezing(1):
        cycle = dropped_cycle()
        assert write(server, cycle, "published diagnostics") == [True]
        for _ in range(5):  # time passes, with a message each time the loop looks
            clock.now += 0.02
            server.protocol.handle_message(server.protocol.parse(INITIALIZED))  # dropped, but heard
            await asyncio.sleep(0.03)
            assert cycle() is not None
        clock.now += 0.02  # quiet long enough
        await asyncio.sleep(0.05)
        assert cycle() is None


@pytest.mark.asyncio
async def test_a_reclaim_due_while_a_lint_runs_waits_for_the_lint(clock):
    reclaims = QuietReclaim(clock=clock)
    with freezing(1):
        cycle = dropped_cycle()
        with collector_paused():  # a lint on a worker
            reclaims.written()
            clock.now += 1
            await asyncio.sleep(0.05)
            assert cycle() is not None
        await asyncio.sleep(0.05)
        assert cycle() is None


@pytest.mark.asyncio
async def test_when_several_reclaims_are_due_one_runs_right_after_the_write_however_busy_the_client():
    reclaims = QuietReclaim(clock=lambda: 0.0)  # the client never quiet
    reclaims.heard()
    with freezing(1):
        cycles = [dropped_cycle() for _ in range(OVERDUE - 1)]
        reclaims.written()
        assert all(cycle() is not None for cycle in cycles)
        cycles.append(dropped_cycle())
        reclaims.written()
        assert all(cycle() is None for cycle in cycles)


@pytest.mark.asyncio
async def test_after_a_reclaim_the_next_due_one_waits_for_quiet_again(clock):
    reclaims = QuietReclaim(clock=clock)
    with freezing(1):
        for _ in range(2):
            reclaims.heard()
            cycle = dropped_cycle()
            reclaims.written()
            await asyncio.sleep(0.03)
            assert cycle() is not None
            clock.now += 0.02
            await asyncio.sleep(0.03)
            assert cycle() is None


@pytest.mark.asyncio
async def test_writes_while_a_reclaim_waits_keep_one_timer_and_the_client_sets_the_pace(clock):
    reclaims = QuietReclaim(clock=clock)
    looks = counting(reclaims)
    with freezing(1):
        cycle = dropped_cycle()
        for _ in range(10):  # answers written, the client quiet since its last message
            reclaims.heard()
            reclaims.written()
        clock.now += 0.005  # half the quiet needed
        await asyncio.sleep(0.05)
        assert cycle() is not None
        assert 1 <= len(looks) <= 12  # one timer: after 10 ms, then each time the quiet could be enough (5 ms)


@pytest.mark.asyncio
async def test_with_nothing_due_the_event_loop_is_left_alone(clock):
    reclaims = QuietReclaim(clock=clock)
    looks = counting(reclaims)
    with freezing(1):
        reclaims.written()  # nothing due
        await asyncio.sleep(0.03)
        assert looks == []
        cycles = [dropped_cycle() for _ in range(OVERDUE - 1)]
        reclaims.heard()
        reclaims.written()  # a timer
        cycles.append(dropped_cycle())
        reclaims.written()  # overdue: reclaimed at once
        assert all(cycle() is None for cycle in cycles)
        await asyncio.sleep(0.1)
        assert len(looks) == 1  # the timer saw nothing due and stopped


@pytest.mark.asyncio
async def test_while_a_lint_holds_the_collector_the_timer_looks_again_often_but_never_in_a_busy_loop(clock):
    reclaims = QuietReclaim(clock=clock)
    looks = counting(reclaims)
    with freezing(1):
        dropped_cycle()
        with collector_paused():
            reclaims.written()
            clock.now += 1
            await asyncio.sleep(0.05)  # at most 5 QUIETs of 10 ms: 50 looks
        assert 2 <= len(looks) <= 52


def write(server, cycle, message: str) -> list[bool]:
    """Whether ``cycle`` was alive when the server wrote ``message``."""
    writer = Writer(cycle)
    server.protocol.set_writer(writer, include_headers=False)
    if message == "a response":
        server.protocol._send_response(7, result=None)  # as pygls answers a request
    else:
        server.protocol.send_encoded('{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics"}')
    return writer.alive_at_write
