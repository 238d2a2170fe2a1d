"""A server started and a file opened in it through the shared harness's own client (its framing
and its waiting for diagnostics, as every ``lspbench.py`` figure has them): what the benchmarks
that drive a real server share."""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import dataclass
from typing import Any

from lsp_bench import HARNESS, ROOT, server_at


@dataclass
class Session:
    """A server process with ``path``'s text open in it, its first diagnostics received."""

    proc: asyncio.subprocess.Process
    client: Any  # the harness's ``Client``
    reader: asyncio.Task[None]
    uri: str
    text: str

    async def close(self) -> None:
        self.reader.cancel()
        self.proc.kill()
        await self.proc.wait()


async def opened(command: list[str], path: str, root_uri: str | None = None) -> Session:
    """Start the server ``command`` runs, initialize it (workspace folder ``root_uri``, no
    capabilities), open ``path`` and wait for its diagnostics."""
    sys.path.insert(0, os.path.dirname(HARNESS))
    from lspbench import Client

    text = open(path, encoding="utf-8", errors="replace").read()
    uri = "file://" + os.path.abspath(path)
    proc = await asyncio.create_subprocess_exec(
        *command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL, limit=2**26, cwd=ROOT,
    )  # fmt: skip
    client = Client(proc)
    reader = asyncio.get_running_loop().create_task(client.reader())
    await client.request("initialize", {"processId": os.getpid(), "rootUri": root_uri, "capabilities": {}})
    client.notify("initialized", {})
    client.notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}}
    )
    await client.next_diags(uri, 0)
    return Session(proc, client, reader, uri, text)


def inputs_missing(paths: list[str]) -> bool:
    """Whether the shared harness or one of ``paths`` is missing (said on stderr)."""
    if os.path.exists(HARNESS) and all(map(os.path.exists, paths)):
        return False
    print("the shared harness or a benchmark file is missing", file=sys.stderr)
    return True


def servers_to_drive(before: str | None, exported: str) -> dict[str, list[str]]:
    """By name, the command of this checkout's server and, with ``before``, of that git
    revision's (its package exported into ``exported``)."""
    servers = {"stanzalint": [sys.executable, "-m", "stanzalint", "serve"]}
    if before:
        servers[f"before {before}"] = server_at(before, exported)
    return servers
