"""The memo of parsed RUNs stays bounded in memory while typing below an unterminated heredoc
(each keystroke there makes a new RUN as long as the rest of the file)."""

from __future__ import annotations

import gc
import tracemalloc

from stanzalint.analysis import shell
from stanzalint.config import Config
from stanzalint.engine import lint

BODY = "".join(f"echo line {i} && apt-get install -y package{i}\n" for i in range(200))
OPEN_HEREDOC = "FROM debian:12\nRUN <<EOF\n" + BODY  # about 9,000 characters, never closed


def _retained_after(keystrokes: int) -> int:
    """Bytes still allocated after linting the file once per keystroke typed at its end."""
    config = Config(ignore=["SC"])
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    for n in range(1, keystrokes + 1):
        lint(OPEN_HEREDOC + "x" * n, config, None)
    gc.collect()
    return tracemalloc.get_traced_memory()[0] - before


def test_typing_below_an_open_heredoc_keeps_the_memo_within_its_budget(monkeypatch):
    monkeypatch.setattr(shell._MEMO, "max_weight", 4 * len(OPEN_HEREDOC))
    shell._MEMO.clear()
    lint(OPEN_HEREDOC, Config(ignore=["SC"]), None)  # everything imported and loaded first
    tracemalloc.start()
    try:
        one = _retained_after(1)
        sixteen = _retained_after(16)
    finally:
        tracemalloc.stop()
    assert one > 0
    assert sixteen < 8 * one  # at most about four entries the size of the file are kept, not sixteen


def test_an_unchanged_run_is_still_reused_after_an_edit_elsewhere(monkeypatch):
    shell._MEMO.clear()
    calls = []
    parse = shell.commands_of
    monkeypatch.setattr(shell, "commands_of", lambda *a: calls.append(a[0].rest.text) or parse(*a))
    config = Config(select=["DL3008"])
    first = lint("FROM debian:12\nRUN apt-get install -y curl\n", config, None)
    again = lint("FROM debian:12\nUSER app\nRUN apt-get install -y curl\n", config, None)
    assert calls == ["apt-get install -y curl"]
    assert [(v.code, v.span.start) for v in first.violations] == [("DL3008", 38)]
    assert [(v.code, v.span.start) for v in again.violations] == [("DL3008", 47)]
