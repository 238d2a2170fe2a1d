"""A lint makes no reference cycles: its parse, analysis and findings are freed as soon as the
result is dropped. The language server runs the cycle collector rarely, so a cycle per lint
(a stage caching a list that holds the stage itself; a rule's per-stage facts referring to
their table) kept every edit's analysis alive for hundreds of edits."""

from __future__ import annotations

from cycles import cycles_made
from stanzalint.config import Config
from stanzalint.engine import lint

TEXT = """\
FROM debian:12 AS base
RUN useradd -m builder && apt-get update && apt-get install -y curl
FROM base AS build
COPY . /src
RUN make -C /src
FROM base
RUN useradd app
COPY --from=build /src/out /app
USER root
CMD ["/app/run"]
"""


def test_a_lint_of_every_rule_leaves_no_cyclic_garbage():
    config = Config(shellcheck=False, extend_select=["DL", "SZ"], strict=True)
    lint(TEXT, config)  # import and warm every cache first
    with cycles_made() as found:
        lint(TEXT, config)
    assert found == {}
