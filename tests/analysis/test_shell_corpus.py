"""Every RUN of the shared corpus: shell analysis never raises, and its spans are right."""

from __future__ import annotations

import pytest
from shell_fixture import build_run
from stanzalint.analysis.shell import commands_of
from stanzalint.syntax.model import Instruction

pytestmark = pytest.mark.slow


def _oracle_runs(text: str) -> list[Instruction]:
    """RUN instructions placed by BuildKit's parser, rebuilt with offsets by the test fixture."""
    import dockerfile

    try:
        parsed = dockerfile.parse_string(text)
    except dockerfile.GoParseError:
        return []
    line_starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            line_starts.append(i + 1)
    out = []
    for command in parsed:
        if command.cmd.upper() != "RUN":
            continue
        start = line_starts[command.start_line - 1]
        while text[start] in " \t\ufeff":
            start += 1
        ins = build_run(text, start)
        if not ins.is_json:
            assert ins.rest.text == command.value[0] if not ins.heredocs else True
        assert [h.body.text for h in ins.heredocs] == [h.content for h in command.heredocs]
        out.append(ins)
    return out


def _uses_backslash_escape(text: str) -> bool:
    for line in text.lstrip("\ufeff").split("\n"):
        squeezed = line.replace(" ", "").replace("\t", "").lower()
        if not squeezed.startswith("#"):
            return True
        if squeezed.startswith("#escape=") and not squeezed.startswith("#escape=\\"):
            return False
    return True


@pytest.fixture(scope="module")
def corpus_runs(corpus_files) -> list[tuple[str, Instruction]]:
    runs = []
    for path in corpus_files:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        if "\r" in text or not _uses_backslash_escape(text):
            continue  # the fixture only knows ``\`` continuations and ``\n`` line ends
        runs.extend((text, ins) for ins in _oracle_runs(text))
    return runs


def test_corpus_commands_have_exact_spans(corpus_runs):
    assert len(corpus_runs) > 1000
    total = 0
    for text, ins in corpus_runs:
        for cmd in commands_of(ins, ["/bin/sh", "-c"], "\\"):
            total += 1
            assert ins.span.start <= cmd.span.start <= cmd.span.end <= len(text)
            assert cmd.words and 0 <= cmd.index < len(cmd.words)
            for w in cmd.words + cmd.assignments:
                assert 0 <= w.span.start <= w.span.end <= len(text)
                at = text[w.span.start : w.span.end]
                exact = not ins.is_json and "\n" not in at and not (cmd.via_shell_c and "\\" in at)
                if exact:
                    assert at == w.raw, (ins.start_line, w)
    assert total > 5000


def test_corpus_through_the_project_parser_and_analysis(corpus_files):
    """The same checks on every corpus file as the project parser and ``analyze`` see it
    (both escape characters, CRLF, SHELL instructions respected)."""
    parse = pytest.importorskip("stanzalint.syntax").parse
    analyze = pytest.importorskip("stanzalint.analysis").analyze
    total = 0
    for path in corpus_files:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        analysis = analyze(parse(text))
        for _, cmd in analysis.all_commands():
            total += 1
            ins = cmd.instruction
            assert ins.span.start <= cmd.span.start <= cmd.span.end <= ins.span.end, path
            for w in cmd.words + cmd.assignments:
                at = text[w.span.start : w.span.end]
                exact = not ins.is_json and "\n" not in at and not (cmd.via_shell_c and "\\" in at)
                if exact:
                    assert at == w.raw, (path, ins.start_line, w)
    assert total > 5000
