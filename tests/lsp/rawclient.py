"""A minimal JSON-RPC client over a server's stdio, for what pytest-lsp's client will not send
(malformed requests, exit without shutdown, cancellation)."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from typing import Any

#: seconds a read waits for the server's next message before the test fails (never a hang)
READ_TIMEOUT = 180.0


class RawClient:
    def __init__(self, command=None) -> None:
        self.proc = subprocess.Popen(
            command or [sys.executable, "-m", "stanzalint", "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.backlog = []
        self.timed_out = False

    def _time_out(self) -> None:
        self.timed_out = True
        self.proc.kill()

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def write(self, data: bytes) -> None:
        """Send bytes as they are, framing and all."""
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send_raw(self, body: bytes) -> None:
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self) -> dict[str, Any]:
        return json.loads(self.read_body())

    def read_body(self, timeout: float | None = READ_TIMEOUT) -> bytes:
        """The next message's body as the server wrote it; the server is killed and the test
        fails when nothing comes within ``timeout`` seconds (None: wait as long as it takes)."""
        watchdog = threading.Timer(timeout, self._time_out) if timeout is not None else None
        if watchdog is not None:
            watchdog.start()
        try:
            length = None
            while True:
                line = self.proc.stdout.readline()
                if not line:
                    if self.timed_out:
                        raise TimeoutError(f"no message from the server in {READ_TIMEOUT:.0f} s")
                    raise EOFError("server closed its output")
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            return self.proc.stdout.read(length)
        finally:
            if watchdog is not None:
                watchdog.cancel()

    def response(self, id_: Any) -> dict[str, Any]:
        """Read until the response to ``id_``; answer server requests with null."""
        while True:
            msg = self.read()
            if msg.get("id") == id_ and "method" not in msg:
                return msg
            if "id" in msg and "method" in msg:
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
            else:
                self.backlog.append(msg)

    def initialize(self) -> dict[str, Any]:
        self.send(
            {
                "jsonrpc": "2.0",
                "id": 0,
                "method": "initialize",
                "params": {"processId": None, "rootUri": None, "capabilities": {}},
            }
        )
        result = self.response(0)
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        return result

    def wait(self, timeout: float = 20) -> int | None:
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


class LiveClient(RawClient):
    """A RawClient whose messages are read by a thread as they come; the server's requests are
    answered by ``answer(message)`` (a response body such as ``{"result": None}``, or None to
    leave the request unanswered)."""

    def __init__(self, command=None, env=None, answer=None) -> None:
        self.proc = subprocess.Popen(
            command or [sys.executable, "-m", "stanzalint", "serve"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.backlog = []
        self.timed_out = False
        self.answer = answer or (lambda message: {"result": None})
        self.messages: queue.Queue = queue.Queue()
        self.notifications = []  # every notification from the server, in order
        self.server_requests = []
        self.stderr = b""
        self.bodies = []  # every message body from the server, as written
        self._next_id = 1000
        threading.Thread(target=self._pump, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _pump(self) -> None:
        try:
            while True:
                body = self.read_body(timeout=None)  # requests time out on their own
                self.bodies.append(body)
                message = json.loads(body)
                if "id" in message and "method" in message:
                    self.server_requests.append(message)
                    body = self.answer(message)
                    if body is not None:
                        self.send({"jsonrpc": "2.0", "id": message["id"], **body})
                elif "method" in message:
                    self.notifications.append(message)
                else:
                    self.messages.put(message)
        except (EOFError, ValueError, OSError):
            self.messages.put(None)

    def _drain_stderr(self) -> None:
        for line in self.proc.stderr:
            self.stderr += line

    def request(self, method: str, params: Any = None, timeout: float = 30) -> dict[str, Any]:
        """Send a request and wait for its response."""
        self._next_id += 1
        self.send({"jsonrpc": "2.0", "id": self._next_id, "method": method, "params": params})
        return self.response_to(self._next_id, timeout)

    def response_to(self, id_: Any, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            for message in self.backlog:
                if message.get("id") == id_:
                    self.backlog.remove(message)
                    return message
            try:
                message = self.messages.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no response to {id_!r} in {timeout} s") from None
            if message is None:
                raise EOFError("server closed its output")
            self.backlog.append(message)

    def notify(self, method: str, params: Any = None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def start(self, capabilities: dict[str, Any] | None = None) -> dict[str, Any]:
        result = self.request("initialize", {"processId": None, "rootUri": None, "capabilities": capabilities or {}})
        self.notify("initialized", {})
        return result

    def published(self, uri: str, version: Any = None):
        return [
            m["params"]
            for m in list(self.notifications)
            if m["method"] == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
            and (version is None or m["params"].get("version") == version)
        ]

    def wait_published(
        self, uri: str, version: Any = None, timeout: float = 30, after: int = 0, until=lambda params: True
    ) -> dict[str, Any]:
        """The first publication for ``uri`` (and ``version``) after the first ``after`` ones
        that satisfies ``until``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for params in self.published(uri, version)[after:]:
                if until(params):
                    return params
            if self.proc.poll() is not None:
                raise AssertionError(f"the server exited with {self.proc.returncode}")
            time.sleep(0.01)
        raise AssertionError(f"no diagnostics for {uri} version {version} in {timeout} s")

    def open(self, uri: str, text: str, version: int = 1) -> None:
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": version, "text": text}},
        )

    def change(self, uri: str, version: Any, changes) -> None:
        self.notify(
            "textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}
        )
