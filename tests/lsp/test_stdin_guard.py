"""The client's messages come on the server's standard input and go out on its standard output: a
program the server starts without ``stdin=`` reads the null device, not them; what the server or
a program it starts without ``stdout=`` prints goes to the standard error, not among them; and
the protocol goes on."""

from __future__ import annotations

import os
import sys

from lsp_support import HERE
from rawclient import LiveClient

#: the server with SZ997, whose check starts a program reading its standard input to the end
SERVER = [sys.executable, os.path.join(HERE, "stdin_reader_server.py")]
URI = "file:///stdin-guard/Dockerfile"


def test_a_program_the_server_starts_reads_none_of_the_clients_messages(tmp_path):
    client = LiveClient(SERVER, env={**os.environ, "STANZALINT_CACHE_DIR": str(tmp_path)})
    try:
        client.start()
        client.open(URI, "# READ-STDIN\nFROM alpine:3.20\n")
        # sent while the program may be reading: it would take these bytes from the server
        hover = {"textDocument": {"uri": URI}, "position": {"line": 1, "character": 1}}
        assert "result" in client.request("textDocument/hover", hover)
        published = client.wait_published(URI, 1, until=lambda p: any(d["code"] == "SZ997" for d in p["diagnostics"]))
        assert [d["message"] for d in published["diagnostics"] if d["code"] == "SZ997"] == ["the program read 0 bytes"]
        assert client.request("shutdown")["result"] is None
        client.notify("exit")
        assert client.wait() == 0
    finally:
        client.close()


def test_what_the_server_or_a_program_it_starts_prints_does_not_reach_the_client(tmp_path):
    client = LiveClient(SERVER, env={**os.environ, "STANZALINT_CACHE_DIR": str(tmp_path)})
    try:
        client.start()
        client.open(URI, "# WRITE-STDOUT\nFROM alpine:3.20\n")
        published = client.wait_published(URI, 1, until=lambda p: any(d["code"] == "SZ997" for d in p["diagnostics"]))
        assert [d["message"] for d in published["diagnostics"] if d["code"] == "SZ997"] == [
            "wrote on the standard output"
        ]
        hover = {"textDocument": {"uri": URI}, "position": {"line": 1, "character": 1}}
        assert "result" in client.request("textDocument/hover", hover)
        assert client.request("shutdown")["result"] is None
        client.notify("exit")
        assert client.wait() == 0
    finally:
        client.close()
