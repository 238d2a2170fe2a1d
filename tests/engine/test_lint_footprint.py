"""What a lint leaves for the cycle collector: when the lint ends, the collector's first pass
walks every tracked object the lint made and still holds (the result's parse, analysis and
commands), so their number per instruction is what that pass costs. One-line instructions
map their text through a range, the instructions between two ARG or ENV lines share one
variable scope, and what the rules worked out about each command is dropped when they have run;
this keeps a regression there from going unnoticed."""

from __future__ import annotations

import gc

from stanzalint.analysis import shell
from stanzalint.config import Config
from stanzalint.engine import lint

#: eight instructions, as real files mix them (a RUN continued over two lines)
BLOCK = """\
ARG V{i}=1.{i}
RUN apt-get update && apt-get install -y t{i}=${{V{i}}} \\
    && rm -rf /var/lib/apt/lists/*
ENV E{i}=x P{i}=/opt/{i}:$PATH
RUN pip install --no-cache-dir p{i}==1.{i} && echo "$E{i}" > /etc/e{i}
COPY --chown=app s{i} /a/{i}
WORKDIR /a/{i}
LABEL n{i}="v{i}"
USER app
"""
BLOCKS = 225
INSTRUCTIONS = 8 * BLOCKS
#: measured 24.3 (33.0 before one-line texts mapped through a range, scopes were shared, the
#: shell-parse memo kept the commands it hands out rather than copies, and the answers the
#: rules share about each command were dropped once the rules have run); 27.1 since SZ401's
#: summary of each RUN, remembered by its text, holds what the RUN may need of a cleanup's
#: removals (its words naming paths: about 2.5 tuples per RUN)
MOST_PER_INSTRUCTION = 28


def test_a_lint_holds_few_tracked_objects_per_instruction():
    text = "FROM debian:12\n" + "".join(BLOCK.format(i=i) for i in range(BLOCKS))
    config = Config(shellcheck=False, extend_select=["DL", "SZ"])
    lint("FROM debian:12\nRUN true\n", config)  # import and warm every cache first
    shell._MEMO.clear()
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        before = len(gc.get_objects())
        result = lint(text, config)
        gc.disable()  # lint turned it back on
        held = len(gc.get_objects()) - before
    finally:
        if was_enabled:
            gc.enable()
    assert result.violations
    assert held / INSTRUCTIONS <= MOST_PER_INSTRUCTION
