"""Process-level behaviour over raw stdio: shutdown/exit status, cancellation, malformed input."""

from __future__ import annotations

from lsprotocol import types
from rawclient import RawClient


def test_shutdown_then_exit_ends_with_status_0():
    raw = RawClient()
    try:
        raw.initialize()
        raw.send({"jsonrpc": "2.0", "id": 1, "method": "shutdown", "params": None})
        assert raw.response(1)["result"] is None
        raw.send({"jsonrpc": "2.0", "method": "exit", "params": None})
        assert raw.wait() == 0
    finally:
        raw.close()


def test_exit_without_shutdown_ends_with_status_1():
    raw = RawClient()
    try:
        raw.initialize()
        raw.send({"jsonrpc": "2.0", "method": "exit", "params": None})
        assert raw.wait() == 1
    finally:
        raw.close()


def test_a_cancelled_request_answers_request_cancelled():
    raw = RawClient()
    try:
        raw.initialize()
        text = "FROM ubuntu:22.04\n" + "RUN echo step\n" * 20000
        uri = "file:///cancel/Dockerfile"
        raw.send(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}},
            }
        )
        raw.send(
            {
                "jsonrpc": "2.0",
                "id": 7,
                "method": "textDocument/documentSymbol",
                "params": {"textDocument": {"uri": uri}},
            }
        )
        raw.send({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 7}})
        answer = raw.response(7)
        assert answer["error"]["code"] == types.LSPErrorCodes.RequestCancelled
    finally:
        raw.close()
