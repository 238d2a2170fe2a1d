"""An editing session makes no reference cycles: each edit's and each request's objects, and a
closed document with its lint result, are freed as soon as they are done with. The server runs
its cycle collector rarely, so one cycle per document-symbols request (a closure that called
itself, holding the positions of that revision's text) kept every such revision's text and line
index for hundreds of edits: the 10,000-edit soak grew from 71 to 134 MB. The requests here
are the soak's."""

from __future__ import annotations

import asyncio
import json
import threading
import weakref

from cycles import cycles_made
from in_process import receive
from stanzalint.engine import lint
from stanzalint.lsp.server import create_server

URI = "file:///session/Dockerfile"
LINES = [
    "FROM debian:12 AS build",
    "RUN apt-get update && \\",
    "    apt-get install -y curl",
    "COPY . /src",
    "ENV PATH=/src/bin:$PATH",
    "USER root",
    "",
]
TEXT = "\n".join(LINES)
REQUESTS = ("textDocument/hover", "textDocument/codeAction", "textDocument/documentSymbol", "textDocument/completion")


class Client:
    """The server in this process: messages go in through its protocol, answers are collected."""

    def __init__(self) -> None:
        self.server = create_server()
        self.sent = []
        self.server.protocol.set_writer(self, include_headers=False)
        self.ids = 0

    def write(self, data: bytes) -> None:
        self.sent.append(json.loads(data))

    def close(self) -> None:
        pass

    def notify(self, method: str, params) -> None:
        receive(self.server, {"method": method, "params": params})

    async def request(self, method: str, params):
        self.ids += 1
        receive(self.server, {"id": self.ids, "method": method, "params": params})
        for _ in range(3000):
            answer = next((m for m in self.sent if m.get("id") == self.ids and "method" not in m), None)
            if answer is not None:
                self.sent.clear()
                assert "error" not in answer, answer
                return answer["result"]
            await asyncio.sleep(0.01)
        raise AssertionError(f"no answer to {method}")


def edit(n: int):
    """Edit ``n`` (from 1): odd ones type a character at the end of a line, even ones undo it."""
    line = (n - 1) // 2 % (len(LINES) - 1)
    end = len(LINES[line])
    where = {"start": {"line": line, "character": end}, "end": {"line": line, "character": end + (n % 2 == 0)}}
    request = REQUESTS[n % len(REQUESTS)]
    doc = {"uri": URI}
    params = {"textDocument": doc, "position": {"line": line, "character": 1}}
    if request == "textDocument/codeAction":
        params = {"textDocument": doc, "range": where, "context": {"diagnostics": []}}
    elif request == "textDocument/documentSymbol":
        params = {"textDocument": doc}
    return {"range": where, "text": "x" if n % 2 else ""}, request, params


async def session(client: Client, first: int, last: int) -> None:
    for n in range(first, last + 1):
        change, request, params = edit(n)
        client.notify(
            "textDocument/didChange", {"textDocument": {"uri": URI, "version": n + 1}, "contentChanges": [change]}
        )
        assert await client.request(request, params) is not None


def test_edits_and_requests_make_no_reference_cycles(tmp_path, monkeypatch):
    monkeypatch.setenv("STANZALINT_CACHE_DIR", str(tmp_path))
    client = Client()

    async def run():
        await client.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        client.notify("initialized", {})
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 1, "text": TEXT}},
        )
        await session(client, 1, 8)  # every request once and twice: imports and converters made
        await asyncio.sleep(0.2)  # ShellCheck's pass for the last edit, if any
        with cycles_made() as cycles:
            await session(client, 9, 24)
            await asyncio.sleep(0.2)
        return cycles

    try:
        assert asyncio.run(run()) == {}
    finally:
        client.server.store.shutdown()


def test_a_document_closed_while_it_is_linted_is_freed_at_once(tmp_path, monkeypatch):
    """Its publisher, cancelled, ends with an exception whose traceback holds the document,
    which held the publisher: a cycle that kept the document and its lint result."""
    monkeypatch.setenv("STANZALINT_CACHE_DIR", str(tmp_path))
    client = Client()
    released = threading.Event()
    opened = {"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 1, "text": TEXT}}

    async def run():
        await client.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        client.notify("initialized", {})
        client.notify("textDocument/didOpen", opened)
        await session(client, 1, 4)
        client.notify("textDocument/didClose", {"textDocument": {"uri": URI}})
        await asyncio.sleep(0.2)
        with cycles_made() as cycles:
            client.notify("textDocument/didOpen", opened)
            assert await client.request("textDocument/documentSymbol", {"textDocument": {"uri": URI}})
            document = weakref.ref(client.server.document(URI))
            client.server.store._lint_fn = lambda text, config, path: lint_when(released, text, config, path)
            change = {
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                "text": "# a\n",
            }
            client.notify(
                "textDocument/didChange", {"textDocument": {"uri": URI, "version": 2}, "contentChanges": [change]}
            )
            await asyncio.sleep(0.05)  # the publisher waits for the new text's lint
            client.notify("textDocument/didClose", {"textDocument": {"uri": URI}})
            released.set()
            await asyncio.sleep(0.3)
            closed = document()
        return closed, cycles

    try:
        closed, cycles = asyncio.run(run())
    finally:
        client.server.store.shutdown()
    assert closed is None
    assert cycles == {}


def lint_when(released: threading.Event, text: str, config, path):
    """A lint that starts once ``released`` is set."""
    released.wait(10)
    return lint(text, config, path)
