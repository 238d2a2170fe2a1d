"""The parser never raises, and every range it reports lies inside the document."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from repo_paths import CORPUS_ABSENT
from stanzalint.syntax import Span, decode, parse
from syntax_oracle import corpus_files


def _check_span(span: Span, n: int, what: str) -> None:
    assert 0 <= span.start <= span.end <= n, (what, span, n)


def assert_ranges_inside(text: str) -> None:
    df = parse(text)
    n = len(text)
    assert not [i for i in df.issues if i.code == "SZ000"], df.issues
    for issue in df.issues:
        _check_span(issue.span, n, "issue")
    for c in df.comments:
        _check_span(c.span, n, "comment")
    for d in df.directives:
        for s in (d.span, d.name_span, d.value_span):
            _check_span(s, n, "directive")
    for ins in df.walk():
        for s in (ins.span, ins.keyword_span, ins.line_span):
            _check_span(s, n, "instruction")
        assert 0 <= ins.start_line <= ins.end_line < max(df.lines.line_count, 1) + 1
        for f in ins.flags:
            for s in (f.span, f.name_span, f.value_span):
                if s is not None:
                    _check_span(s, n, "flag")
        for t in ins.args:
            _check_span(t.span, n, "token")
        _check_span(ins.rest.doc_span(0, len(ins.rest)), n, "rest")
        for h in ins.heredocs:
            _check_span(h.marker_span, n, "marker")
            if h.terminator_span is not None:
                _check_span(h.terminator_span, n, "terminator")
            _check_span(h.body.doc_span(0, len(h.body)), n, "body")
            for k in range(len(h.body.text)):
                assert text[h.body.doc_offset(k)] == h.body.text[k]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text(text):
    assert_ranges_inside(text)


ALPHABET = st.sampled_from(list("FROM RUN COPY ENV ARG ONBUILD<<-EOF\"'`\\=#[]{}$,:\t\r\n x1é\ufeff\xa0"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=200).map("".join))
def test_dockerfile_flavoured_text(text):
    assert_ranges_inside(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_through_decode(data):
    assert_ranges_inside(decode(data))


FILES = corpus_files()


@pytest.mark.skipif(not FILES, reason=CORPUS_ABSENT)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**9), st.sampled_from(["shuffle", "cut", "flip", "splice"]))
def test_mutated_corpus_files(seed, how):
    rng = random.Random(seed)
    data = FILES[seed % len(FILES)].read_bytes()
    if how == "shuffle":
        lines = data.split(b"\n")
        rng.shuffle(lines)
        data = b"\n".join(lines)
    elif how == "cut":
        data = data[: rng.randrange(len(data) + 1)]
    elif how == "flip":
        buf = bytearray(data)
        for _ in range(1 + len(buf) // 50):
            if buf:
                buf[rng.randrange(len(buf))] = rng.randrange(256)
        data = bytes(buf)
    else:
        lines = data.split(b"\n")
        other = FILES[rng.randrange(len(FILES))].read_bytes().split(b"\n")
        at = rng.randrange(len(lines) + 1)
        data = b"\n".join(lines[:at] + other[rng.randrange(len(other) + 1) :] + lines[at:])
    assert_ranges_inside(decode(data))
