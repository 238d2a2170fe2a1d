"""SZ401, SZ404, SZ502, SZ702, SZ703 and SZ704 remember what they work out by text (each RUN's summary, each stage's findings
by what decides them), across lints and files: after every edit of a seeded session, a lint
with what the earlier lints left equals a lint that starts with nothing remembered."""

from __future__ import annotations

import random

import pytest
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.lru import WeightedLRU
from stanzalint.rules import get, sz404, sz703, sz704
from stanzalint.rules.toolkit import run_summaries

TEXT = """\
ARG HOME_DIR=/home/app
FROM debian:12 AS base
WORKDIR /app
COPY . .
RUN apt-get update && apt-get install -y --no-install-recommends build-essential
RUN echo ". /opt/conda/etc/profile.d/conda.sh" >> /etc/bash.bashrc
COPY condarc /opt/conda/.condarc
RUN chmod -R 777 /opt/conda
RUN rm -rf /var/lib/apt/lists/*
RUN chown -R app:app /app
FROM base AS app
ENV DATA=$HOME_DIR/data
COPY data $DATA
RUN make && cp /srv/tool/conf /tmp && curl -LO https://example.org/v1.2.3/t.tgz
COPY conf /srv/tool/conf
RUN chown -R u /srv/tool && chown -R u $DATA
RUN mkdir -p /opt/cache && touch /opt/cache/x
RUN rm -rf /opt/cache
"""
PIECES = ["\n", " \\\n", "RUN ", "COPY a /app/", "/srv/tool/", "/opt/conda/", "chown -R u ", "&& ", "x", "$DATA"]
PIECES += ["useradd -m app ", "USER app\n", "curl -LO https://example.org/v1.2.3/t.tgz ", "echo app:pw | chpasswd "]
PIECES += ["rm -rf /var/lib/apt/lists/* ", "apt-get install -y curl ", "ENV DATA=/d\n", "WORKDIR /srv\n", "FROM "]
PIECES += ["ARG VERSION=1\n", "$VERSION ", "./build.sh ", "RUN --mount=type=bind,target=/s /s/x "]
PIECES += ["ENV DEBIAN_FRONTEND=noninteractive\n", "APT::Get::Assume-Yes ", "90assumeyes "]


def _published(text: str) -> list[tuple]:
    result = lint(text, Config(select=["SZ401", "SZ404", "SZ502", "SZ702", "SZ703", "SZ704"], shellcheck=False))
    return [(v.code, v.message, v.span, v.related, None if v.fix is None else v.fix.edits) for v in result.violations]


def _edited(rng: random.Random, text: str) -> str:
    start = rng.randint(0, len(text))
    end = min(len(text), start + rng.choice([0, 0, 1, 3, 20]))
    return text[:start] + "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 2))) + text[end:]


@pytest.mark.parametrize("seed", range(4))
def test_what_is_remembered_by_text_changes_no_lint(monkeypatch, seed):
    assert get("SZ401") and get("SZ404") and get("SZ502") and get("SZ702") and get("SZ703") and get("SZ704")
    rng = random.Random(seed)
    text = TEXT
    for edit in range(200):
        text = _edited(rng, TEXT if edit % 10 == 0 else text)  # a session of ten edits
        remembered = _published(text)
        with monkeypatch.context() as nothing_remembered:
            nothing_remembered.setattr(sz404, "_FOUND", WeightedLRU(1_000_000, lambda _key, _found: 1))
            nothing_remembered.setattr(sz703, "_RUN_PLACES", WeightedLRU(1_000_000, lambda _key, _found: 1))
            nothing_remembered.setattr(sz704, "_SAYS_ASSUME_YES", WeightedLRU(1_000_000, lambda _key, _says: 1))
            nothing_remembered.setattr(run_summaries, "_ANSWERS", WeightedLRU(1_000_000, lambda _key, _found: 1))
            assert remembered == _published(text)
