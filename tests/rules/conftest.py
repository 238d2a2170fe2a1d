"""Fixtures for the rule tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def run_lines_read(monkeypatch) -> list[int]:
    """The first lines of the RUNs whose commands the analysis is asked for from now on (in the
    order asked): what a rule reads after an edit, when it remembers the rest by text."""
    from stanzalint.analysis.model import Analysis

    read: list[int] = []
    commands = Analysis.commands

    def recorded(self, ins):
        read.append(ins.start_line)
        return commands(self, ins)

    monkeypatch.setattr(Analysis, "commands", recorded)
    return read
