"""What the language server imports to answer an opened Dockerfile: every module stays in memory
for the server's whole life, so modules only other commands (or no request at all) need stay out.

The server runs in a fresh interpreter (``sys.modules`` of the test process holds everything
the other tests imported): it starts as ``stanzalint serve`` does, opens a Dockerfile and waits
until its diagnostics are published, then prints what it imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

CHILD = r"""
import asyncio, json, sys

from stanzalint.cli import plain_serve

assert plain_serve(["serve", "--stdio"]) is not None  # how ``stanzalint serve`` reads its command line
from in_process import receive, run_initialized

URI = "file:///imports/Dockerfile"
TEXT = "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl\nCMD python app.py\n"


async def session(server):
    receive(server, {"method": "textDocument/didOpen",
                     "params": {"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 1, "text": TEXT}}})
    for _ in range(600):
        doc = server.store.docs.get(URI)
        if doc is not None and doc.published_key is not None:
            return
        await asyncio.sleep(0.05)
    raise SystemExit("no diagnostics published")


run_initialized(session)
print(json.dumps(sorted(sys.modules)))
"""


def imported_by_the_server() -> set[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [HERE, os.environ.get("PYTHONPATH")])))
    out = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120, env=env, check=True
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_opening_a_dockerfile_imports_no_package_metadata_reader():
    modules = imported_by_the_server()
    assert "stanzalint.engine" in modules  # the document was linted
    assert (
        sorted(m for m in modules if m.split(".")[0] in ("email", "zipfile", "csv") or m == "importlib.metadata") == []
    )


def test_serving_imports_none_of_what_defines_the_other_commands_arguments():
    modules = imported_by_the_server()
    other_commands = ("stanzalint.runner", "stanzalint.output", "stanzalint.ci_templates", "stanzalint.context.command")
    assert sorted(m for m in modules if m.startswith(other_commands)) == []


def test_serving_imports_no_command_line_parser():
    """``stanzalint serve`` reads its few options itself: argparse (with gettext, ~0.6 MB the
    server would keep for its whole life) is left to the other commands."""
    modules = imported_by_the_server()
    assert "stanzalint.engine" in modules  # the document was linted
    assert sorted(m for m in modules if m in ("argparse", "gettext")) == []


def test_serving_loads_no_toml_reader_without_a_config_file():
    """The TOML reader (0.4 MB the server would keep for its whole life) is imported only to read
    a ``.stanzalint.toml`` or pyproject.toml, and there is none here."""
    modules = imported_by_the_server()
    assert "stanzalint.engine" in modules  # the document was linted
    assert sorted(m for m in modules if m.startswith(("tomllib", "tomli"))) == []


def test_serving_finds_its_programs_without_shutil():
    """ShellCheck is looked up on PATH (``executables``) without shutil, which brings bz2, lzma
    and zlib (0.4 MB the server would keep): only running a script imports it, with tempfile."""
    modules = imported_by_the_server()
    assert "stanzalint.executables" in modules  # ShellCheck was looked for
    ran_a_script = "tempfile" in modules  # running ShellCheck imports tempfile, and tempfile shutil
    assert ran_a_script or sorted(m for m in modules if m in ("shutil", "bz2", "lzma")) == []
