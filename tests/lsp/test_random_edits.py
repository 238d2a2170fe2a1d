"""Bursts of random incremental edits (characters, line breaks, continuations, non-BMP text)
on real corpus files, through the real server: the diagnostics it publishes for the newest
version are exactly a fresh lint of the text the edits produced (codes, messages, UTF-16
ranges). Seeded, so a failure replays."""

from __future__ import annotations

import os
import random

import pytest
from rawclient import RawClient
from repo_paths import CORPUS_ABSENT, CORPUS_DIR
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.lsp.positions import PositionMap
from stanzalint.syntax.model import LineIndex

pytestmark = pytest.mark.skipif(not os.path.isdir(CORPUS_DIR), reason=CORPUS_ABSENT)

INSERTS = ["x", " ", "\\", "$", '"', "#", "RUN ", "\u00e9", "\U0001f433", "\n", " \\", "\t"]
SETTINGS = {"ignore": ["SC"]}


def _edit(rng: random.Random, text: str):
    """A random edit: (start offset, end offset, new text)."""
    lines = text.split("\n")
    line = rng.randrange(len(lines))
    column = rng.randint(0, len(lines[line]))
    index = LineIndex(text)
    start = index.offset(line, column)
    if rng.random() < 0.3:
        return start, index.offset(line, min(len(lines[line]), column + rng.randint(1, 6))), ""
    return start, start, rng.choice(INSERTS)


def _view(diagnostics):
    return sorted(
        (
            d["code"],
            d["message"],
            d["range"]["start"]["line"],
            d["range"]["start"]["character"],
            d["range"]["end"]["line"],
            d["range"]["end"]["character"],
        )
        for d in diagnostics
    )


def test_random_edit_bursts_publish_exactly_a_fresh_lint():
    rng = random.Random(20261129)
    names = rng.sample(sorted(os.listdir(CORPUS_DIR)), 12)
    client = RawClient()
    try:
        client.send(
            {
                "jsonrpc": "2.0",
                "id": 0,
                "method": "initialize",
                "params": {"processId": None, "rootUri": None, "capabilities": {"workspace": {"configuration": True}}},
            }
        )
        client.response(0)
        client.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        config = Config(ignore=["SC"])
        for n, name in enumerate(names):
            with open(os.path.join(CORPUS_DIR, name), encoding="utf-8", errors="replace") as f:
                text = f.read()
            uri, path = f"file:///edits/{n}/Dockerfile", f"/edits/{n}/Dockerfile"
            client.send(
                {
                    "jsonrpc": "2.0",
                    "method": "textDocument/didOpen",
                    "params": {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}},
                }
            )
            version = 1
            for _ in range(rng.randint(1, 6)):
                start, end, new = _edit(rng, text)
                positions = PositionMap(LineIndex(text), "utf-16")
                (sl, sc), (el, ec) = positions.position(start), positions.position(end)
                text = text[:start] + new + text[end:]
                version += 1
                client.send(
                    {
                        "jsonrpc": "2.0",
                        "method": "textDocument/didChange",
                        "params": {
                            "textDocument": {"uri": uri, "version": version},
                            "contentChanges": [
                                {
                                    "range": {
                                        "start": {"line": sl, "character": sc},
                                        "end": {"line": el, "character": ec},
                                    },
                                    "text": new,
                                }
                            ],
                        },
                    }
                )
            while True:
                message = client.read()
                if "id" in message and "method" in message:
                    answer = [SETTINGS] if message["method"] == "workspace/configuration" else None
                    client.send({"jsonrpc": "2.0", "id": message["id"], "result": answer})
                elif (
                    message.get("method") == "textDocument/publishDiagnostics"
                    and message["params"]["uri"] == uri
                    and message["params"].get("version") == version
                ):
                    published = message["params"]["diagnostics"]
                    break
            positions = PositionMap(LineIndex(text), "utf-16")
            expected = sorted(
                (v.code, v.message, *positions.position(v.span.start), *positions.position(v.span.end))
                for v in lint(text, config, path).violations
            )
            assert _view(published) == expected, (name, version)
            client.send({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}})
    finally:
        client.close()
