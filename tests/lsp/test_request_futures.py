"""The protocol forgets the future of every handled message: pygls 2.1 keeps one for each
notification (and each step of its built-in handlers) for the life of the server, so a long
editing day grew the server by tens of MiB. Each kind of message reaches its handler without the
runtime protocol checks pygls tells them apart by."""

from __future__ import annotations

import asyncio
import json
from functools import partial

import in_process
from stanzalint.lsp.server import create_server

TEXT = "FROM debian:12\nUSER root\n"
URI = "file:///futures/Dockerfile"
EDITS = 300


class _Writer:
    def __init__(self) -> None:
        self.sent = []

    def write(self, data: bytes) -> None:
        self.sent.append(data.decode())

    def close(self) -> None:
        pass


def _published_version(writer: _Writer, version: int) -> bool:
    return any(
        '"textDocument/publishDiagnostics"' in m and f'"version":{version},' in m.replace(" ", "")
        for m in writer.sent[-5:]
    )


def test_handled_messages_leave_no_futures_behind():
    server = create_server()
    protocol = server.protocol
    writer = _Writer()
    protocol.set_writer(writer, include_headers=False)

    def receive(message) -> None:
        protocol.handle_message(
            json.loads(json.dumps({"jsonrpc": "2.0", **message}), object_hook=protocol.structure_message)
        )

    async def session() -> int:
        receive({"id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}})
        receive({"method": "initialized", "params": {}})
        receive(
            {
                "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 1, "text": TEXT}},
            }
        )
        for version in range(2, EDITS + 2):
            receive(
                {
                    "method": "textDocument/didChange",
                    "params": {
                        "textDocument": {"uri": URI, "version": version},
                        "contentChanges": [{"text": TEXT + "#" * version}],
                    },
                }
            )
            await asyncio.sleep(0)
        receive(
            {
                "id": 2,
                "method": "textDocument/hover",
                "params": {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 1}},
            }
        )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        while not _published_version(writer, EDITS + 1) and loop.time() < deadline:
            await asyncio.sleep(0.02)
        assert _published_version(writer, EDITS + 1)
        await asyncio.sleep(0.1)
        return len(protocol._request_futures)

    try:
        assert asyncio.run(session()) == 0
    finally:
        server.store.shutdown()


def test_each_kind_of_message_reaches_its_handler_without_a_protocol_isinstance_check(monkeypatch):
    """A request is answered, a notification handled, and the client's answer (or error) to a
    request of the server's settles its future; none is told apart by ``isinstance`` with pygls'
    runtime-checked protocols, which walk their members every time (tens of microseconds each)."""
    from lsprotocol import types
    from pygls.protocol import json_rpc

    kinds = (json_rpc.RPCRequest, json_rpc.RPCNotification, json_rpc.RPCResponse, json_rpc.RPCError)
    checked = []
    meta = type(json_rpc.RPCRequest)
    instancecheck = meta.__instancecheck__
    monkeypatch.setattr(
        meta, "__instancecheck__", lambda cls, obj: (cls in kinds and checked.append(cls)) or instancecheck(cls, obj)
    )
    server = create_server()
    writer = _Writer()
    server.protocol.set_writer(writer, include_headers=False)
    receive = partial(in_process.receive, server)

    async def session():
        receive({"id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}})
        receive({"method": "initialized", "params": {}})
        receive(
            {
                "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 1, "text": TEXT}},
            }
        )
        answered = server.protocol.send_request_async(
            types.WORKSPACE_CONFIGURATION, types.ConfigurationParams(items=[])
        )
        failed = server.protocol.send_request_async(types.WORKSPACE_CONFIGURATION, types.ConfigurationParams(items=[]))
        asked = [json.loads(m)["id"] for m in writer.sent if '"workspace/configuration"' in m]
        receive({"id": asked[0], "result": [{"a": 1}]})
        receive({"id": asked[1], "error": {"code": -32603, "message": "no"}})
        for _ in range(200):
            if _published_version(writer, 1):
                break
            await asyncio.sleep(0.01)
        return await answered, await asyncio.gather(failed, return_exceptions=True)

    result, (error,) = asyncio.run(session())
    assert json.loads(writer.sent[0])["id"] == 1 and "capabilities" in json.loads(writer.sent[0])["result"]
    assert _published_version(writer, 1)
    assert result == [{"a": 1}] and "no" in str(error)
    assert checked == []


def _changes(server, versions: range) -> None:
    """didChange notifications appending a line each, as a client sends them."""
    for version in versions:
        in_process.receive(
            server,
            {
                "method": "textDocument/didChange",
                "params": {
                    "textDocument": {"uri": URI, "version": version},
                    "contentChanges": [
                        {
                            "range": {
                                "start": {"line": version, "character": 0},
                                "end": {"line": version, "character": 0},
                            },
                            "text": f"# {version}\n",
                        }
                    ],
                },
            },
        )


def test_a_keystroke_reaches_its_handler_without_message_ids_or_futures(monkeypatch):
    """pygls would draw two random ids and make three futures for each didChange; the server's
    handler is called as it is, and the text is the same."""
    from pygls.protocol import json_rpc

    drawn = []
    uuid4 = json_rpc.uuid.uuid4
    monkeypatch.setattr(json_rpc.uuid, "uuid4", lambda: drawn.append(1) or uuid4())
    made = []
    future_init = json_rpc.Future.__init__
    monkeypatch.setattr(json_rpc.Future, "__init__", lambda self: made.append(1) or future_init(self))

    async def session(server):
        in_process.receive(server, {"method": "initialized", "params": {}})
        opened = {"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 1, "text": TEXT}}
        in_process.receive(server, {"method": "textDocument/didOpen", "params": opened})
        await asyncio.sleep(0)
        drawn.clear()
        made.clear()
        _changes(server, range(2, 12))
        return server.document(URI).text, len(drawn), len(made)

    text, ids, futures = in_process.run_initialized(session)
    assert text == TEXT + "".join(f"# {version}\n" for version in range(2, 12))
    assert (ids, futures) == (0, 0)


def test_a_failing_keystroke_handler_is_reported_as_pygls_reports_it(monkeypatch):
    """The client's log gets the same message whether pygls or the server called the handler."""
    from stanzalint.lsp.handlers import documents
    from stanzalint.lsp.protocol import StanzaProtocol

    def fail(*args, **kwargs):
        raise ValueError("no edit")

    monkeypatch.setattr(documents, "edit_text", fail)

    def logged(direct: bool) -> list[str]:
        if not direct:
            monkeypatch.setattr(StanzaProtocol, "_plain_did_change", lambda self: None)
        writer = in_process.Collected()

        async def session(server):
            server.protocol.set_writer(writer, include_headers=False)
            in_process.receive(server, {"method": "initialized", "params": {}})
            opened = {"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 1, "text": TEXT}}
            in_process.receive(server, {"method": "textDocument/didOpen", "params": opened})
            await asyncio.sleep(0)
            _changes(server, range(2, 3))
            await asyncio.sleep(0.05)

        in_process.run_initialized(session)
        return [m["params"]["message"] for m in writer.messages if m.get("method") == "window/logMessage"]

    direct = logged(direct=True)
    assert direct == logged(direct=False)
    assert direct == ["stanzalint: could not handle a message: ValueError: no edit"]


def test_a_coroutine_keystroke_handler_is_still_run_by_pygls():
    """Only a plain function is called directly; a coroutine handler is left to pygls, which
    runs it (called directly, it would make a coroutine nobody awaits)."""
    from lsprotocol import types

    seen = []

    async def handler(params):
        await asyncio.sleep(0)
        seen.append(params.text_document.version)

    async def session(server):
        server.protocol.fm.features[types.TEXT_DOCUMENT_DID_CHANGE] = handler
        _changes(server, range(2, 5))
        await asyncio.sleep(0.05)
        return seen

    assert in_process.run_initialized(session) == [2, 3, 4]
