"""Random Dockerfiles parse exactly as BuildKit's own parser parses them (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from syntax_oracle import oracle_disagreements

pytest.importorskip("dockerfile")

DIRECTIVES = [
    "# syntax=docker/dockerfile:1",
    "# escape=`",
    "#escape=\\",
    "# ESCAPE = `",
    "# escape=x",
    "# check=skip=all",
    "#   syntax   =   a b  ",
    "# not a directive",
]
KEYWORDS = [
    "FROM",
    "from",
    "RUN",
    "run",
    "COPY",
    "ADD",
    "ENV",
    "LABEL",
    "ARG",
    "CMD",
    "ENTRYPOINT",
    "SHELL",
    "EXPOSE",
    "VOLUME",
    "USER",
    "WORKDIR",
    "STOPSIGNAL",
    "MAINTAINER",
    "HEALTHCHECK",
    "ONBUILD",
    "Onbuild run",
    "ONBUILD COPY",
    "ONBUILD ONBUILD",
    "FOO",
    "\\",
]
FLAGS = [
    "--from=build",
    "--link",
    "--chown=1:1",
    "--mount=type=cache,target=/c",
    '--mount="type=bind,target=/x"',
    "--platform=$BUILDPLATFORM",
    "--from x",
    "--",
    "--a=b\\ c",
    "--interval=30s",
    "--network=none",
    "-x",
    "--chmod='7 55'",
    "--checksum=sha256:abc",
]
ARGS = [
    "a",
    "b c",
    "/dst/",
    "A=1",
    'B="x y"',
    "C='q'",
    "D=e\\ f",
    "E",
    "$X",
    "${Y:-z}",
    '"quoted word"',
    '["a", "b"]',
    "[]",
    '["x"] trailing',
    '["a", 1]',
    '["unclosed"',
    "[1]",
    "as",
    "AS stage",
    "AS 1bad",
    "CMD",
    "NONE",
    'CMD ["true"]',
    "<<EOF",
    "<<-EOF",
    '<<"EOF"',
    "<<'E2'",
    "3<<EOF",
    "cat<<EOF",
    "<<<EOF",
    "<<EOF|grep x",
    "&&",
    "#notcomment",
    "é",
    "\t",
    "x  ",
    "\\",
    "`",
    "'",
    '"',
]
FILLER = [
    "",
    "   ",
    "\t",
    "# comment",
    "  # indented comment",
    "EOF",
    "\tEOF",
    "E2",
    "body line",
    "\tbody",
    "\t\ttabbed body",
    "RUN inside",
    "#",
    "`",
    "\\",
]
CONTINUATIONS = [" \\", "\\", " `", "\\  ", "\\\t", " \\\\", ""]
ENDINGS = ["\n", "\r\n"]


@st.composite
def instruction_line(draw):
    parts = [draw(st.sampled_from(["", " ", "\t"])), draw(st.sampled_from(KEYWORDS))]
    parts += draw(st.lists(st.sampled_from(FLAGS), max_size=2))
    parts += draw(st.lists(st.sampled_from(ARGS), max_size=4))
    return " ".join(p for p in parts if p is not None) + draw(st.sampled_from(CONTINUATIONS))


@st.composite
def dockerfiles(draw):
    # BuildKit before 0.14 (the oracle's) does not know `check`, so it stops reading directives
    # there; current BuildKit reads on. Keep `check` last so both agree.
    lines = sorted(draw(st.lists(st.sampled_from(DIRECTIVES), max_size=3)), key=lambda d: "check" in d)
    body = draw(st.lists(st.one_of(instruction_line(), st.sampled_from(FILLER)), min_size=1, max_size=14))
    lines += body
    out = []
    for line in lines:
        out.append(line + draw(st.sampled_from(ENDINGS)))
    text = "".join(out)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    if draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dockerfiles())
def test_random_dockerfiles_agree_with_buildkit(text):
    assert oracle_disagreements(text) == []
