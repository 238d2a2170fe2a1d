"""ShellCheck in the server: stanzalint's diagnostics first, then the merged list once ShellCheck
has read the new scripts, for the same version only; ``shellcheck.enable`` turns it off."""

from __future__ import annotations

import asyncio
import os
import tempfile

import pytest
import pytest_lsp
from lsp_support import HERE, SERVER, capabilities, change_doc, diagnostics_for, open_doc, published_count, uri_of
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient
from stanzalint.shellcheck import find_executable

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.skipif(find_executable() is None, reason="ShellCheck is not installed"),
]

#: a cache of its own, so the first lint of a script never finds ShellCheck's answer on disk
ENV = {**os.environ, "STANZALINT_CACHE_DIR": tempfile.mkdtemp(prefix="stanzalint-lsp-sc-")}


def _fixture(settings):
    @pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, server_env=ENV))
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


sc_client = _fixture({"select": ["SC", "DL3006"]})
off_client = _fixture({"select": ["SC", "DL3006"], "shellcheck": {"enable": False}})


def _published(client, uri, version):
    return [p for p in getattr(client, "published", []) if p.uri == uri and p.version == version]


async def _until(client, uri, version, codes, timeout=60.0):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        for p in _published(client, uri, version):
            if {d.code for d in p.diagnostics} >= codes:
                return p
        await asyncio.sleep(0.02)
    raise AssertionError(f"no publication of version {version} with {codes}")


async def test_shellcheck_findings_follow_with_exact_ranges(sc_client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(sc_client, uri, "FROM alpine:3.19\nRUN echo $x\n")
    first = await diagnostics_for(sc_client, uri, 1)
    assert [d.code for d in first.diagnostics] == []  # the rules' answer does not wait for ShellCheck
    merged = await _until(sc_client, uri, 1, {"SC2086"})
    assert [
        (d.code, d.range, d.severity, d.message, d.source, d.code_description.href) for d in merged.diagnostics
    ] == [
        (
            "SC2086",
            types.Range(types.Position(1, 9), types.Position(1, 11)),
            types.DiagnosticSeverity.Information,
            "Double quote to prevent globbing and word splitting.",
            "stanzalint",
            "https://www.shellcheck.net/wiki/SC2086",
        ),
        (
            "SC2154",
            types.Range(types.Position(1, 9), types.Position(1, 11)),
            types.DiagnosticSeverity.Warning,
            "x is referenced but not assigned.",
            "stanzalint",
            "https://www.shellcheck.net/wiki/SC2154",
        ),
    ]

    # an edit that keeps the script: its ShellCheck findings come with the first publication
    change_doc(sc_client, uri, 2, "FROM alpine:3.20\nRUN echo $x\n")
    second = await diagnostics_for(sc_client, uri, 2)
    assert [d.code for d in second.diagnostics] == ["SC2086", "SC2154"]

    # quoting fixes it: the new script is checked and the merged list has no SC2086
    change_doc(sc_client, uri, 3, 'FROM alpine:3.20\nRUN echo "$x"\n')
    await diagnostics_for(sc_client, uri, 3)
    third = await _until(sc_client, uri, 3, {"SC2154"})
    assert [(d.code, d.range) for d in third.diagnostics] == [
        ("SC2154", types.Range(types.Position(1, 10), types.Position(1, 12)))
    ]
    assert all(p.version == 3 for p in sc_client.published[-1:])


async def test_a_newer_version_wins_over_shellcheck_of_an_older_one(sc_client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(sc_client, uri, "FROM alpine:3.19\nRUN echo $one\n")
    await diagnostics_for(sc_client, uri, 1)
    change_doc(sc_client, uri, 2, "FROM alpine:3.19\nRUN echo two\n")
    await diagnostics_for(sc_client, uri, 2)
    await asyncio.sleep(3)  # time for ShellCheck of version 1 to finish
    versions = [p.version for p in sc_client.published if p.uri == uri]
    assert versions[-1] == 2 and 1 not in versions[versions.index(2) :]
    assert [d.code for d in _published(sc_client, uri, 2)[-1].diagnostics] == []


async def test_shellcheck_enable_false_turns_it_off(off_client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(off_client, uri, "FROM alpine:3.19\nRUN echo $x\n")
    first = await diagnostics_for(off_client, uri, 1)
    count = published_count(off_client)
    await asyncio.sleep(2)
    assert list(first.diagnostics) == [] and published_count(off_client) == count
