"""Random edits of real Dockerfiles, for the tests that compare an incremental result with a
fresh one: a sample of the shared corpus (a small stand-in when it is absent) and a strategy
for edits that change structure as often as they change words."""

from __future__ import annotations

import os

from hypothesis import strategies as st
from repo_paths import CORPUS_DIR

#: Text an edit inserts: what changes structure (continuations, heredoc openers and terminators,
#: comments, directives, FROM lines, line breaks) and what does not.
PIECES = [
    "\n",
    "\r\n",
    " \\\n",
    "\\",
    "`",
    "#",
    "# escape=`\n",
    "# syntax=x\n",
    "# hadolint ignore=DL3008\n",
    "FROM alpine AS b\n",
    "FROM ",
    "RUN ",
    "RUN <<EOF\n",
    "<<EOF",
    "EOF\n",
    "\tEOF\n",
    "EOF",
    "ONBUILD ",
    "ARG A=1\n",
    "COPY --from=b / /\n",
    "ENV X=1 Y",
    '["a", "b"]',
    " ",
    "x",
    "p",
    "pkg",
    "--mount=type=cache,target=/c ",
    "\ufeff",
    "a" * 70000,
]


def corpus_texts():
    if not os.path.isdir(CORPUS_DIR):
        return []
    names = sorted(os.listdir(CORPUS_DIR))[::16]
    return [open(os.path.join(CORPUS_DIR, n), encoding="utf-8", errors="replace").read() for n in names]


TEXTS = corpus_texts() or [
    "# syntax=docker/dockerfile:1\nFROM alpine AS a\nRUN apk add \\\n  curl \\\n  # note\n  git\n"
    'COPY <<EOF /x\nhello\nEOF\nONBUILD RUN x\nFROM a\nENV A=1 B=2\nCMD ["sh"]\n'
]


@st.composite
def edits(draw, text):
    """(start, end, inserted): replace text[start:end], near a line boundary as often as not."""
    n = len(text)
    start = draw(st.integers(0, n))
    if draw(st.booleans()):
        at = text.rfind("\n", 0, start)
        start = at + 1 if draw(st.booleans()) else max(at, 0)
    end = min(n, start + draw(st.sampled_from([0, 0, 1, 2, 5, 40, 400])))
    inserted = "".join(draw(st.lists(st.sampled_from(PIECES[:-1]), max_size=3)))
    if draw(st.integers(0, 200)) == 0:
        inserted = PIECES[-1]
    return start, end, inserted
