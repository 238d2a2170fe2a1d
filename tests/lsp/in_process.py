"""A server driven in-process, without a client: its protocol initialized by hand and its
output dropped, so a test can call handlers and server methods directly."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable
from typing import Any, Callable, TypeVar

from stanzalint.lsp.server import StanzaServer, create_server

T = TypeVar("T")


class NullWriter:
    """A transport that drops what the server sends."""

    def write(self, data: bytes) -> None:
        pass

    def close(self) -> None:
        pass


class Collected:
    """A transport that keeps each message the server writes."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    def write(self, data: bytes) -> None:
        self.messages.append(json.loads(data))

    def close(self) -> None:
        pass


def receive(server: StanzaServer, message: Any) -> None:
    """Hand one JSON-RPC message to the server's protocol, as its transport would."""
    protocol = server.protocol
    protocol.handle_message(
        json.loads(json.dumps({"jsonrpc": "2.0", **message}), object_hook=protocol.structure_message)
    )


def run_initialized(session: Callable[[StanzaServer], Awaitable[T]]) -> T:
    """``session(server)`` on a new server that has answered ``initialize``, in its event loop."""
    server = create_server()
    server.protocol.set_writer(NullWriter(), include_headers=False)

    async def main() -> T:
        receive(
            server,
            {"id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}},
        )
        return await session(server)

    try:
        return asyncio.run(main())
    finally:
        server.store.shutdown()
