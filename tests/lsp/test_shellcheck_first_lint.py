"""The first lint after the server starts runs while ShellCheck is still starting: its result
must say that ShellCheck's findings are still to come, even when ShellCheck finishes starting
before the lint does (else the first document never gets them)."""

from __future__ import annotations

import threading

import stanzalint.engine as engine
from stanzalint.config import Config
from stanzalint.lsp.documents import DocumentStore
from stanzalint.lsp.shellcheck_pass import ShellCheckPass

TEXT = "FROM debian:12\nRUN echo $FOO\n"


class _Runner:
    available = True
    version = "test"


def test_a_lint_made_while_shellcheck_starts_is_incomplete(monkeypatch):
    gate = threading.Event()

    def start_runner():
        gate.wait(10)
        return _Runner()

    store = DocumentStore(lambda message: None)
    store.shellcheck = ShellCheckPass(start_runner)
    real_lint = engine.lint

    def lint_while_shellcheck_finishes_starting(*args, **kwargs):
        result = real_lint(*args, **kwargs)
        gate.set()
        assert store.shellcheck.wait_checker(10) is not None
        return result

    monkeypatch.setattr(engine, "lint", lint_while_shellcheck_finishes_starting)
    result, complete = store._lint(TEXT, Config(), None)
    assert [v.code for v in result.violations if v.code.startswith("SC")] == []
    assert complete is False


def test_a_lint_without_shellcheck_is_complete():
    store = DocumentStore(lambda message: None)
    store.shellcheck = ShellCheckPass(lambda: None)
    store.shellcheck.wait_checker(10)
    _, complete = store._lint(TEXT, Config(), None)
    assert complete is True
