from __future__ import annotations

from ruletest import found


def test_relative_destination_without_workdir():
    text = "FROM alpine:3.20\nCOPY a rel\nWORKDIR /app\nCOPY a rel\n"
    assert found("DL3045", text) == [("2:8-2:11", "`rel` is relative and no WORKDIR is set in this stage")]


def test_absolute_and_variable_destinations_clean():
    assert found("DL3045", "FROM alpine:3.20\nCOPY a /abs\nCOPY a $HOME/x\n") == []
