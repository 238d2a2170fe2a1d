"""A configuration problem found while a lint runs in a worker thread is shown to the user from
the event loop's thread, the only one that writes to the client (two writers could interleave
their bytes)."""

from __future__ import annotations

import asyncio
import threading

from in_process import run_initialized


def test_config_problem_from_a_lint_is_shown_on_the_loop_thread(tmp_path):
    (tmp_path / ".stanzalint.toml").write_text("this is not toml = = \n")
    shown = []

    async def session(server):
        server.window_show_message = lambda params: shown.append((params.message, threading.current_thread()))
        doc = server.store.open((tmp_path / "Dockerfile").as_uri(), "FROM debian:12\n", 1)
        await server.store.result(doc)
        await asyncio.sleep(0.05)

    run_initialized(session)
    assert [thread for _, thread in shown] == [threading.main_thread()]
    assert shown[0][0].startswith("stanzalint: ")
