"""A configuration problem found while a lint runs in a worker thread is shown to the user from
the event loop's thread, the only one that writes to the client (two writers could interleave
their bytes)."""

from __future__ import annotations

import asyncio
import json
import threading

from stanzalint.lsp.server import create_server


class _Writer:
    def write(self, data: bytes) -> None:
        pass

    def close(self) -> None:
        pass


def test_config_problem_from_a_lint_is_shown_on_the_loop_thread(tmp_path):
    (tmp_path / ".stanzalint.toml").write_text("this is not toml = = \n")
    (tmp_path / "Dockerfile").write_text("FROM debian:12\n")
    server = create_server()
    protocol = server.protocol
    protocol.set_writer(_Writer(), include_headers=False)
    shown = []
    server.window_show_message = lambda params: shown.append((params.message, threading.current_thread()))

    async def session():
        initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                      "params": {"processId": None, "rootUri": None, "capabilities": {}}}
        protocol.handle_message(json.loads(json.dumps(initialize), object_hook=protocol.structure_message))
        doc = server.store.open((tmp_path / "Dockerfile").as_uri(), "FROM debian:12\n", 1)
        await server.store.result(doc)
        await asyncio.sleep(0.05)

    try:
        asyncio.run(session())
    finally:
        server.store.shutdown()
    assert [thread for _, thread in shown] == [threading.main_thread()]
    assert shown[0][0].startswith("stanzalint: ")
