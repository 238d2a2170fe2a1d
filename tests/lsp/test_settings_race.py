"""Edits that arrive before the client has answered the server's ``workspace/configuration``
request are linted with the document's settings once they come, never with the defaults: no
diagnostic the settings turn off is ever published."""

from __future__ import annotations

import queue
import threading

from rawclient import RawClient

URI = "file:///race/Dockerfile"
TEXT = "FROM ubuntu\nRUN cd /tmp && apt-get install curl\n"
#: how long the client keeps the server waiting for its settings (a lint takes far less)
ANSWER_AFTER_SECONDS = 2.0


def _reader(client: RawClient) -> queue.Queue:
    messages: queue.Queue = queue.Queue()

    def pump() -> None:
        try:
            while True:
                messages.put(client.read())
        except (EOFError, ValueError, OSError):
            return

    threading.Thread(target=pump, daemon=True).start()
    return messages


def test_edits_before_the_settings_answer_use_the_settings():
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
        messages = _reader(client)
        client.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        client.send(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 1, "text": TEXT}},
            }
        )
        request = messages.get(timeout=30)
        while request.get("method") != "workspace/configuration":
            request = messages.get(timeout=30)
        # before the settings are answered, the user types twice
        for version, text in ((2, TEXT + "RUN cd /srv\n"), (3, TEXT + "RUN cd /srv && cd /opt\n")):
            client.send(
                {
                    "jsonrpc": "2.0",
                    "method": "textDocument/didChange",
                    "params": {"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"text": text}]},
                }
            )
        published = []
        try:
            while True:  # whatever the server publishes while it waits for the settings
                message = messages.get(timeout=ANSWER_AFTER_SECONDS)
                if message.get("method") == "textDocument/publishDiagnostics":
                    published.append(message["params"])
        except queue.Empty:
            pass
        client.send(
            {"jsonrpc": "2.0", "id": request["id"], "result": [{"select": ["DL3003"], "shellcheck": {"enable": False}}]}
        )
        while not published or published[-1]["version"] != 3:
            message = messages.get(timeout=30)
            if "id" in message and "method" in message:
                client.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            elif message.get("method") == "textDocument/publishDiagnostics":
                published.append(message["params"])
        for params in published:
            assert {d["code"] for d in params["diagnostics"]} == {"DL3003"}, params
        assert [
            (d["range"]["start"]["line"], d["range"]["start"]["character"]) for d in published[-1]["diagnostics"]
        ] == [(1, 4), (2, 4), (2, 15)]
    finally:
        client.close()
