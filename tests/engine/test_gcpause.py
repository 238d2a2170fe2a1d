"""Linting pauses the cycle collector and always restores it as it was."""

from __future__ import annotations

import gc

from stanzalint.engine import lint
from stanzalint.gcpause import collector_paused


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
