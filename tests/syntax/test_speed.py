"""Parsing stays linear: big files and very long lines take time proportional to their size."""

from __future__ import annotations

import time

import pytest

from stanzalint.syntax import decode, parse

from syntax_oracle import corpus_files


def _seconds(text: str) -> float:
    """CPU seconds of this process for one parse (other processes' load does not count)."""
    start = time.process_time()
    parse(text)
    return time.process_time() - start


def _linear(make, small: int, big: int) -> None:
    """Parsing ``big`` units must cost at most ~3x the per-unit time of ``small`` units."""
    small_text, big_text = make(small), make(big)
    t_small = min(_seconds(small_text) for _ in range(5))
    t_big = min(_seconds(big_text) for _ in range(3))
    ratio = (t_big / big) / max(t_small / small, 1e-9)
    assert ratio < 4.0, (t_small, t_big, ratio)


def test_many_instructions_parse_in_linear_time():
    def make(n: int) -> str:
        parts = ["FROM python:3.12-slim AS base\n"]
        for i in range(n):
            parts.append(f"RUN --mount=type=cache,target=/c echo {i} \\\n  && true\nENV K{i}=v{i}\n")
        return "".join(parts)

    _linear(make, 2_000, 20_000)
    assert _seconds(make(10_000)) < 5.0


@pytest.mark.parametrize("kind", ["RUN echo ", "ENV A=", "COPY a ", "LABEL a=", "RUN <<EOF "])
def test_one_long_line_parses_in_linear_time(kind):
    def make(n: int) -> str:
        return "FROM a\n" + kind + "x y" * (n // 3) + "\n"

    _linear(make, 30_000, 300_000)
    assert _seconds(make(300_000)) < 2.0


FILES = corpus_files()


@pytest.mark.skipif(not FILES, reason="shared corpus not present")
def test_whole_corpus_parses_well_under_a_second():
    texts = [decode(p.read_bytes()) for p in FILES]
    start = time.process_time()
    for text in texts:
        parse(text)
    assert time.process_time() - start < 1.0
