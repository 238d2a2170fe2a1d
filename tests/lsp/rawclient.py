"""A minimal JSON-RPC client over a server's stdio, for what pytest-lsp's client will not send
(malformed requests, exit without shutdown, cancellation)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any, Dict, Optional


class RawClient:
    def __init__(self, command=None) -> None:
        self.proc = subprocess.Popen(command or [sys.executable, "-m", "stanzalint", "serve"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.backlog = []

    def send(self, message: Dict[str, Any]) -> None:
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def send_raw(self, body: bytes) -> None:
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self) -> Dict[str, Any]:
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise EOFError("server closed its output")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def response(self, id_: Any) -> Dict[str, Any]:
        """Read until the response to ``id_``; answer server requests with null."""
        while True:
            msg = self.read()
            if msg.get("id") == id_ and "method" not in msg:
                return msg
            if "id" in msg and "method" in msg:
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
            else:
                self.backlog.append(msg)

    def initialize(self) -> Dict[str, Any]:
        self.send({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}})
        result = self.response(0)
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        return result

    def wait(self, timeout: float = 20) -> Optional[int]:
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
