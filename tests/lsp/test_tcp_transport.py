"""``stanzalint serve --tcp HOST:PORT``: the same server over a socket (the Dockerfile's
container image serves this way): initialize, diagnostics on open with exact ranges, shutdown."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

TEXT = "FROM ubuntu:22.04\nRUN cd /tmp && apt-get install curl\n"
URI = "file:///tcp/Dockerfile"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _connect(port: int, proc: subprocess.Popen) -> socket.socket:
    deadline = time.monotonic() + 30
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=30)
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


class _Channel:
    def __init__(self, sock: socket.socket) -> None:
        self.file = sock.makefile("rwb")

    def send(self, message) -> None:
        body = json.dumps(message).encode()
        self.file.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.file.flush()

    def read(self):
        length = None
        while True:
            line = self.file.readline()
            assert line, "the server closed the connection"
            if not line.strip():
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.file.read(length))

    def until(self, accept):
        while True:
            message = self.read()
            if "id" in message and "method" in message:  # a request from the server: answer null
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            elif accept(message):
                return message


def _start_server():
    """(port, process) of a server listening on a free local port."""
    port = _free_port()
    return port, subprocess.Popen(
        [sys.executable, "-m", "stanzalint", "serve", "--tcp", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_diagnostics_over_tcp():
    port, proc = _start_server()
    try:
        channel = _Channel(_connect(port, proc))
        channel.send(
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {"processId": None, "rootUri": None, "capabilities": {}},
            }
        )
        init = channel.until(lambda m: m.get("id") == 1)
        assert init["result"]["serverInfo"]["name"] == "stanzalint"
        channel.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        channel.send(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 7, "text": TEXT}},
            }
        )
        published = channel.until(
            lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == URI
        )["params"]
        assert published["version"] == 7
        found = [
            (d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"], d["range"]["end"]["character"])
            for d in published["diagnostics"]
            if not d["code"].startswith("SC")
        ]
        assert found == [("DL3003", 1, 4, 6), ("DL3014", 1, 23, 30), ("DL3015", 1, 23, 30), ("DL3008", 1, 31, 35)]
        channel.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
        assert channel.until(lambda m: m.get("id") == 2)["result"] is None
        channel.send({"jsonrpc": "2.0", "method": "exit", "params": None})
        assert proc.wait(20) == 0  # exit after shutdown: status 0
    finally:
        if proc.poll() is None:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_a_64_kib_header_line_keeps_the_connection_and_a_second_client_is_refused():
    port, proc = _start_server()
    try:
        channel = _Channel(_connect(port, proc))
        channel.file.write(b"X-Padding: " + b"x" * 65536 + b"\r\n")
        channel.file.write(b"Content-Length: 5\r\n" + b"X-Padding: " + b"y" * 70000 + b"\r\n\r\n{}{}{")
        channel.send(
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {"processId": None, "rootUri": None, "capabilities": {}},
            }
        )
        assert channel.until(lambda m: m.get("id") == 1)["result"]["serverInfo"]["name"] == "stanzalint"
        try:  # the server serves one client: no longer listening
            with socket.create_connection(("127.0.0.1", port), timeout=5) as second:
                assert second.recv(1) == b""
        except ConnectionRefusedError:
            pass
        channel.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
        assert channel.until(lambda m: m.get("id") == 2)["result"] is None
        channel.send({"jsonrpc": "2.0", "method": "exit", "params": None})
        assert proc.wait(20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
