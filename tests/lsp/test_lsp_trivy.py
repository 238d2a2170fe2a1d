"""trivy in the server (``stanzalint.trivy.enable``): on save, off the edit path, its findings join
stanzalint's for that text only; without trivy, one message says what to install."""

from __future__ import annotations

import asyncio
import os

import pytest
import pytest_lsp
from lsp_support import HERE, SERVER, capabilities, change_doc, open_doc, uri_of
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient
from stanzalint.scan import trivy_status

pytestmark = pytest.mark.asyncio
needs_trivy = pytest.mark.skipif(
    trivy_status() is not None and not os.environ.get("CI"), reason="trivy is not installed"
)

SETTINGS = {"select": ["DL3006", "DS"], "trivy": {"enable": True}}
TEXT = "FROM ubuntu\nEXPOSE 22\n"


def _fixture(settings, env=None):
    @pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, server_env=env))
    async def fixture(lsp_client: LanguageClient):
        lsp_client.set_configuration(settings, section="stanzalint")
        await lsp_client.initialize_session(
            types.InitializeParams(
                capabilities=capabilities(),
                process_id=os.getpid(),
                workspace_folders=[types.WorkspaceFolder(uri=uri_of(HERE), name="tests")],
            )
        )
        yield
        await lsp_client.shutdown_session()

    return fixture


trivy_client = _fixture(SETTINGS)
off_client = _fixture({"select": ["DL3006"]})
missing_client = _fixture(SETTINGS, env={**os.environ, "STANZALINT_TRIVY": ""})


def _save(client, uri):
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))


async def _publication_with(client, uri, version, code, timeout=60.0):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        for p in getattr(client, "published", []):
            if p.uri == uri and p.version == version and any(d.code == code for d in p.diagnostics):
                return p
        await asyncio.sleep(0.05)
    raise AssertionError(f"no publication of version {version} with {code}")


async def _settle(client, uri, version):
    """Wait for the plain lint of ``version`` to be published."""
    await _publication_with(client, uri, version, "DL3006")


@needs_trivy
async def test_findings_join_on_save_with_exact_range(trivy_client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(trivy_client, uri, TEXT)
    await _settle(trivy_client, uri, 1)
    _save(trivy_client, uri)
    published = await _publication_with(trivy_client, uri, 1, "DS-0004")
    found = sorted(
        (d.code, d.range.start.line, d.range.start.character, d.range.end.character, d.source)
        for d in published.diagnostics
    )
    # DS-0002 (no USER) shows because SZ501, which lists it as an alias, is not selected here
    assert found == [
        ("DL3006", 0, 5, 11, "stanzalint"),
        ("DS-0002", 0, 0, 11, "stanzalint"),
        ("DS-0004", 1, 0, 9, "stanzalint"),
        ("DS-0026", 0, 0, 11, "stanzalint"),
    ]
    ds = next(d for d in published.diagnostics if d.code == "DS-0004")
    assert ds.code_description.href == "https://avd.aquasec.com/misconfig/ds-0004"
    # an edit drops trivy's findings for the old text until the next save
    change_doc(trivy_client, uri, 2, "FROM ubuntu\nEXPOSE 8080\n")
    await _settle(trivy_client, uri, 2)
    latest = [p for p in trivy_client.published if p.uri == uri][-1]
    assert latest.version == 2 and {d.code for d in latest.diagnostics} == {"DL3006"}


@needs_trivy
async def test_off_by_default(off_client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(off_client, uri, TEXT)
    await _settle(off_client, uri, 1)
    _save(off_client, uri)
    await asyncio.sleep(3)
    assert all(not str(d.code).startswith("DS-") for p in off_client.published for d in p.diagnostics)


async def test_missing_trivy_is_said_once(missing_client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(missing_client, uri, TEXT)
    await _settle(missing_client, uri, 1)
    _save(missing_client, uri)
    _save(missing_client, uri)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while not missing_client.messages and loop.time() < deadline:
        await asyncio.sleep(0.05)
    await asyncio.sleep(1)
    assert [(m.type, m.message) for m in missing_client.messages] == [
        (
            types.MessageType.Warning,
            "stanzalint: trivy was not found: install it with `pip install 'stanzalint[trivy]'` or put trivy on PATH",
        ),
    ]
