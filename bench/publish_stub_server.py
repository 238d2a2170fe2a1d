"""A stand-in language server that does no work: it answers every didOpen and didChange with one
stored publishDiagnostics (the one stanzalint sends for the file, ``lsp_bench.py --floor``), and
every request with an empty result. Driven by ../shared/tools/lspbench.py, it shows what the
harness measures of the protocol alone: writing, reading and decoding that many diagnostics.

usage: python bench/publish_stub_server.py PAYLOAD   (the notification's JSON, with ``URI`` and
``VERSION`` in place of every mention of the document and its version)
"""

from __future__ import annotations

import json
import sys

#: what the payload holds in place of the document's uri (a JSON string) and of its version
URI = b'"stanzalint-floor-document"'
VERSION = b"987654321"


def main(payload_path: str) -> int:
    with open(payload_path, "rb") as handle:
        payload = handle.read()
    source, sink = sys.stdin.buffer, sys.stdout.buffer

    def send(body: bytes) -> None:
        sink.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        sink.flush()

    while True:
        length = 0
        while True:
            line = source.readline()
            if not line:
                return 0
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        message = json.loads(source.read(length))
        method = message.get("method")
        if method in ("textDocument/didOpen", "textDocument/didChange"):
            document = message["params"]["textDocument"]
            uri = json.dumps(document["uri"]).encode()
            send(payload.replace(URI, uri).replace(VERSION, b"%d" % document["version"]))
        elif method == "exit":
            return 0
        elif "id" in message and method is not None:
            result = {"capabilities": {"textDocumentSync": 2}} if method == "initialize" else None
            send(json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": result}).encode())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
