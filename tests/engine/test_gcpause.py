"""Linting pauses the cycle collector and always restores it as it was; in the server, what a
pause leaves alive is frozen, and frozen reference cycles are freed by a reclaim due every N
freezes."""

from __future__ import annotations

import gc
import weakref

import pytest
from frozen_cycles import Cycle, dropped_cycle, freezing
from stanzalint.engine import lint
from stanzalint.gcpause import collector_paused, reclaim_if_due


def test_nested_pauses_enable_the_collector_once_the_last_ends():
    assert gc.isenabled()
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_lint_restores_the_collector_even_when_given_odd_text():
    lint("FROM debian:12\nRUN <<EOF\n\x00\ufffd$(((\n")
    assert gc.isenabled()


@pytest.fixture
def every_third():
    """A reclaim due every third freeze."""
    with freezing(3):
        yield


def test_what_a_pause_leaves_alive_is_frozen_and_the_young_generation_starts_empty(every_third):
    frozen = gc.get_freeze_count()
    with collector_paused():
        kept = [[i] for i in range(5000)]
        assert gc.get_count()[0] >= 5000
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + 5000
    assert gc.get_count()[0] < 100  # the next allocations start no collection that walks ``kept``
    assert len(kept) == 5000


def test_frozen_objects_are_still_freed_by_reference_counting(every_third):
    with collector_paused():
        kept = Cycle.__new__(Cycle)
        ref = weakref.ref(kept)
    del kept
    assert ref() is None


def test_frozen_cycles_are_freed_by_the_reclaim_due_every_third_freeze(every_third):
    cycle = dropped_cycle()
    gc.collect()
    assert cycle() is not None  # frozen: out of the collector's sight
    assert not reclaim_if_due()
    with collector_paused():
        pass
    assert not reclaim_if_due()
    assert cycle() is not None
    with collector_paused():
        pass
    assert reclaim_if_due()
    assert cycle() is None
    assert not reclaim_if_due()  # the count starts again
    assert gc.get_freeze_count() > 0  # the survivors are frozen again


def test_a_reclaim_waits_for_the_running_pause(every_third):
    cycle = dropped_cycle()
    for _ in range(2):
        with collector_paused():
            pass
    with collector_paused():
        assert not reclaim_if_due()
    assert cycle() is not None
    assert reclaim_if_due()
    assert cycle() is None


def test_without_freezing_a_pause_freezes_nothing():
    gc.collect()
    frozen = gc.get_freeze_count()
    cycle = dropped_cycle()
    assert gc.get_freeze_count() == frozen
    assert not reclaim_if_due()
    gc.collect()
    assert cycle() is None
