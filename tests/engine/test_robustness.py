"""Any input yields diagnostics, never an exception; every range lies inside the document."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stanzalint.config import Config
from stanzalint.engine import fix_all, lint
from stanzalint.syntax import decode

ALL_RULES = Config(shellcheck=False, select=["ALL"], extend_select=["ALL"])

DOCKERISH = st.lists(
    st.sampled_from(
        [
            "FROM python:3.12 AS build\n",
            "FROM build\n",
            "FROM ${BASE:-alpine}:3.20\n",
            "ARG BASE\n",
            "ARG V=1\n",
            "RUN apt-get update && apt-get install curl\n",
            "RUN <<EOF\nset -e\npip install x\nEOF\n",
            "RUN \\\n",
            "  # comment\n",
            "\n",
            "USER root\n",
            "USER app\n",
            "COPY . .\n",
            "COPY --from=build /a /b\n",
            "ONBUILD RUN echo\n",
            "ENV A=1 B=$A\n",
            "CMD python app.py\n",
            'CMD ["a", 1]\n',
            "# escape=`\n",
            "RUN curl -k https://x | sh\n",
            "WORKDIR app\n",
            "HEALTHCHECK CMD true\n",
            "MAINTAINER x\n",
            "\ufeff",
            "\r\n",
            "RUN --mount=type=cache,target=/root/.cache pip install -r r.txt\n",
            "EXPOSE 80/TCP\n",
            "LABEL a=b\n",
        ]
    ),
    max_size=25,
).map("".join)


def check_ranges(text, result):
    for v in result.violations:
        assert 0 <= v.span.start <= v.span.end <= len(text), (v.code, v.span)
        if v.fix:
            for edit in v.fix.edits:
                assert 0 <= edit.span.start <= edit.span.end <= len(text), (v.code, edit)
    assert not result.failures, [f.traceback for f in result.failures]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text(text):
    check_ranges(text, lint(text, ALL_RULES))


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_arbitrary_bytes(data):
    text = decode(data)
    check_ranges(text, lint(text, ALL_RULES))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCKERISH)
def test_dockerfile_like_text_and_fix_all(text):
    check_ranges(text, lint(text, ALL_RULES))
    result = fix_all(text, ALL_RULES, unsafe=True)
    check_ranges(result.text, result.remaining)


@pytest.mark.slow
def test_mutated_corpus_files(corpus_files):
    rng = random.Random(20261129)
    for path in corpus_files[::3]:
        with open(path, "rb") as fh:
            data = fh.read()
        lines = data.splitlines(keepends=True)
        mutants = []
        shuffled = lines[:]
        rng.shuffle(shuffled)
        mutants.append(b"".join(shuffled))
        if lines:
            cut = rng.randrange(len(lines))
            mutants.append(b"".join(lines[:cut]) + lines[cut][: len(lines[cut]) // 2])
        flipped = bytearray(data)
        for _ in range(min(8, len(flipped))):
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        mutants.append(bytes(flipped))
        for mutant in mutants:
            text = decode(mutant)
            check_ranges(text, lint(text, ALL_RULES))


@pytest.mark.slow
def test_cli_on_whole_corpus_ranges_inside_files(corpus_files):
    corpus = os.path.dirname(corpus_files[0])
    result = subprocess.run(
        [sys.executable, "-m", "stanzalint", "check", "--ignore", "SC", "--format", "json", corpus],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    findings = json.loads(result.stdout)
    assert findings
    texts = {}
    for f in findings:
        if f["file"] not in texts:
            with open(f["file"], "rb") as fh:
                texts[f["file"]] = decode(fh.read()).split("\n")
        lines = texts[f["file"]]
        assert 1 <= f["line"] <= f["end_line"] <= len(lines), f
        assert 1 <= f["column"] <= len(lines[f["line"] - 1].rstrip("\r")) + 1, f
        assert 1 <= f["end_column"] <= len(lines[f["end_line"] - 1]) + 1, f


def test_a_chain_of_more_stages_than_python_s_recursion_limit_is_linted():
    def chain(count):
        return "FROM debian:12 AS s0\n" + "".join(f"FROM s{i} AS s{i + 1}\nRUN echo $UNSET\n" for i in range(count))

    assert sys.getrecursionlimit() < 1100
    codes = sorted({v.code for v in lint(chain(1100), ALL_RULES).violations})
    assert codes == sorted({v.code for v in lint(chain(3), ALL_RULES).violations})
