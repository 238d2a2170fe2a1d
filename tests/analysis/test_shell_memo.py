"""The memo of parsed RUNs stays bounded in memory while typing below an unterminated heredoc
(each keystroke there makes a new RUN as long as the rest of the file)."""

from __future__ import annotations

import copy
import gc
import pickle
import tracemalloc

from stanzalint.analysis import analyze, shell
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.syntax import parse
from stanzalint.syntax.model import Span

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


def test_a_remembered_run_moved_by_an_edit_has_the_commands_of_a_fresh_parse():
    def commands(text):
        analysis = analyze(parse(text))
        return analysis.commands(analysis.dockerfile.instructions[1])

    text = "FROM debian:12\nRUN FOO=1 apt-get install -y curl && make all\n"
    commands(text)  # remembered
    moved_text = "# a comment\n" + text
    moved = commands(moved_text)
    shell._MEMO.clear()
    analysis = analyze(parse(moved_text))
    run = analysis.dockerfile.instructions[1]
    fresh = shell.commands_of(run, ["/bin/sh", "-c"])
    for c in moved:
        c.instruction = run  # the same instruction, to compare the rest
    assert isinstance(moved[0], shell.MovedCommand) and not isinstance(fresh[0], shell.MovedCommand)
    assert moved == fresh and fresh == moved
    assert [(w.value, w.span) for c in moved for w in c.assignments + c.words] == [
        (w.value, w.span) for c in fresh for w in c.assignments + c.words
    ]
    assert moved[0].words[0].span.start == moved_text.index("apt-get")
    shell._MEMO.clear()
    lazy = commands(text) and commands(moved_text)[1]  # remembered, then moved: its words not read yet
    for twin in (copy.copy(lazy), pickle.loads(pickle.dumps(lazy))):
        assert (twin.span, [(w.value, w.span) for w in twin.words]) == (
            fresh[1].span,
            [(w.value, w.span) for w in fresh[1].words],
        )


def test_a_remembered_piped_run_moved_by_an_edit_has_its_pipe_where_a_fresh_parse_has_it():
    def pipes(text):
        analysis = analyze(parse(text))
        return [c.pipe_operator for c in analysis.commands(analysis.dockerfile.instructions[1])]

    text = "FROM debian:12\nRUN curl -fsSL https://example.com/x.sh \\\n  | sh\n"
    pipes(text)  # remembered
    moved_text = "# a comment\n" + text
    bar = Span(moved_text.index("|"), moved_text.index("|") + 1)
    assert pipes(moved_text) == [bar, bar]
    shell._MEMO.clear()
    assert pipes(moved_text) == [bar, bar]
