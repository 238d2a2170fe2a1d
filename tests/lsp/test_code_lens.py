"""Code lenses and the COPY-source hover from the build context and its git history."""

from __future__ import annotations

import asyncio
import sys

import pytest
from lsp_support import diagnostics_for, make_fixture, open_doc, uri_of
from lsprotocol import types

sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.dirname(__file__)))
from contexts import Repo  # noqa: E402

pytestmark = pytest.mark.asyncio

client = make_fixture(settings={"select": ["SZ305"]})

TEXT = """\
FROM python:3.12-slim
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY src/ /app/
COPY missing.txt /app/
"""


def project(tmp_path):
    repo = Repo(tmp_path)
    repo.commit(
        {
            "Dockerfile": TEXT,
            "requirements.txt": "flask\n",
            "src/app.py": "1",
            "src/app.pyc": "",
            ".dockerignore": "**/*.pyc\n.git\n",
        }
    )
    repo.commit({"src/app.py": "2"})
    repo.commit({"requirements.txt": "flask==3\n"})
    return uri_of(str(tmp_path / "Dockerfile"))


async def resolved_titles(client, uri, timeout=30.0):
    """Ask for the lenses and resolve them until the context has been read."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        lenses = await client.text_document_code_lens_async(
            types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        titles = []
        for lens in lenses:
            assert lens.command is None  # titles come on resolve
            done = await client.code_lens_resolve_async(lens)
            titles.append((lens.range.start.line, done.command.title))
        if not any("being read" in t for _, t in titles) or loop.time() > deadline:
            return titles
        await asyncio.sleep(0.05)


async def test_lenses_show_inputs_rebuilds_and_heavy_steps(client, tmp_path):
    uri = project(tmp_path)
    open_doc(client, uri, TEXT)
    await diagnostics_for(client, uri, 1)
    assert await resolved_titles(client, uri) == [
        (1, "reads 1 file · rebuilt by 2 of the last 3 commits · reruns `pip install`"),
        (2, "rebuilt by 2 of the last 3 commits · reruns `pip install`"),
        (3, "reads 1 file · rebuilt by 3 of the last 3 commits"),
        (4, "reads 0 files · rebuilt by 3 of the last 3 commits"),
    ]


async def test_copy_source_hover_and_context_rule(client, tmp_path):
    uri = project(tmp_path)
    open_doc(client, uri, TEXT)
    await diagnostics_for(client, uri, 1)
    await resolved_titles(client, uri)  # the context is walked by now
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(3, 7))
    )
    assert hover.contents.value == (
        "**`src`** reads 1 file from the build context\n- `src/app.py`\n\nKept out by `.dockerignore`:\n- `src/app.pyc`"
    )
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while not any(d.code == "SZ305" for d in client.diagnostics.get(uri, [])) and loop.time() < deadline:
        await asyncio.sleep(0.05)
    assert [(d.code, d.range.start.line, d.message) for d in client.diagnostics[uri]] == [
        ("SZ305", 4, "`missing.txt` is not in the build context (the Dockerfile's directory); the build fails here"),
    ]


async def test_context_diagnostics_follow_file_events_without_a_lens(client, tmp_path):
    """A client that never asks for a lens (a headless editor) is still asked at ``initialized``
    to send the build context's file events (what the registrations show; the test client
    sends the event whether asked or not), and the context rules' diagnostics follow them."""
    uri = project(tmp_path)
    open_doc(client, uri, TEXT)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while not (client.diagnostics.get(uri) and len(getattr(client, "registrations", ())) == 2):
        if loop.time() > deadline:
            break
        await asyncio.sleep(0.05)
    watched = {
        r.id: [w["globPattern"] for w in r.register_options["watchers"]]
        for r in client.registrations
        if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    }
    assert "**/.hadolint.yaml" in watched["stanzalint-config-files"]
    assert watched["stanzalint-context-files"] == ["**/*", "**/.git/HEAD", "**/.git/refs/**"]
    assert [(d.code, d.range.start.line) for d in client.diagnostics[uri]] == [("SZ305", 4)]
    (tmp_path / "missing.txt").write_text("here now")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=uri_of(str(tmp_path / "missing.txt")), type=types.FileChangeType.Created)]
        )
    )
    deadline = loop.time() + 30
    while client.diagnostics[uri] and loop.time() < deadline:
        await asyncio.sleep(0.05)
    assert list(client.diagnostics[uri]) == []


ignore_client = make_fixture(settings={})

IGNORE = "**/*.pyc\nbuid\n!src/app.py\n"


async def test_dockerignore_diagnostics_hover_and_completion(ignore_client, tmp_path):
    project(tmp_path)
    uri = uri_of(str(tmp_path / ".dockerignore"))
    open_doc(ignore_client, uri, IGNORE)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while len(ignore_client.diagnostics.get(uri, [])) < 2 and loop.time() < deadline:
        await asyncio.sleep(0.05)
    assert [
        (d.code, d.range.start.line, d.range.start.character, d.range.end.character, d.message)
        for d in ignore_client.diagnostics[uri]
    ] == [
        ("SZ308", 1, 0, 4, "`buid` matches nothing in the build context"),
        ("SZ309", 2, 0, 11, "`!src/app.py` re-includes nothing: no file it matches is kept out by a pattern above it"),
    ]
    hover = await ignore_client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(0, 3))
    )
    assert hover.contents.value == "**`**/*.pyc`** matches 1 file of the build context and keeps out all of them"
    items = await ignore_client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(1, 0))
    )
    assert [i.label for i in items.items] == [".dockerignore", ".git/", "Dockerfile", "requirements.txt", "src/"]


async def test_lenses_follow_file_events(client, tmp_path):
    uri = project(tmp_path)
    open_doc(client, uri, TEXT)
    await diagnostics_for(client, uri, 1)
    assert (3, "reads 1 file · rebuilt by 3 of the last 3 commits") in await resolved_titles(client, uri)
    (tmp_path / "src" / "b.py").write_text("new")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=uri_of(str(tmp_path / "src" / "b.py")), type=types.FileChangeType.Created)]
        )
    )
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    titles = []
    while loop.time() < deadline:
        titles = await resolved_titles(client, uri)
        if (3, "reads 2 files · rebuilt by 3 of the last 3 commits") in titles:
            break
        await asyncio.sleep(0.05)
    assert (3, "reads 2 files · rebuilt by 3 of the last 3 commits") in titles


async def test_a_document_s_layers_follow_its_newest_lint(tmp_path):
    """The layers are remembered on the document (so they go when it closes), for the lint
    result they were made from: a new result of other text gets its own."""
    from stanzalint.engine import lint
    from stanzalint.lsp import build_context
    from stanzalint.lsp.documents import Document

    uri = project(tmp_path)
    path = str(tmp_path / "Dockerfile")
    doc = Document(uri=uri, text=TEXT, version=1, path=path)
    first = build_context.layers_of(doc, lint(TEXT, path=path))
    assert sorted(first) == [1, 2, 3, 4, 5]
    assert build_context.layers_of(doc, doc.layers[0][0]) is first  # the same result: remembered
    shorter = "FROM python:3.12-slim\nCOPY src/ /app/\n"
    assert sorted(build_context.layers_of(doc, lint(shorter, path=path))) == [1, 2]
