"""The published diagnostics' JSON (built by ``DiagnosticEncoder``, reusing unchanged diagnostics)
is exactly what the protocol's serialisation of ``to_diagnostics`` gives, edit after edit."""

from __future__ import annotations

import asyncio
import glob
import json
import os

import pytest
from in_process import Collected, receive
from lsprotocol import types
from pygls.protocol import default_converter
from repo_paths import REPO_ROOT
from stanzalint.config import Config
from stanzalint.engine import lint, rule_url
from stanzalint.lsp.diagnostics import to_diagnostics
from stanzalint.lsp.positions import UTF8, UTF16, UTF32, PositionMap
from stanzalint.lsp.publish import DiagnosticEncoder
from stanzalint.lsp.server import create_server

CONVERTER = default_converter()
URI = "file:///work/Dockerfile"

UNICODE = (
    "FROM ubuntu\n"
    'LABEL note="caf\u00e9 \U0001f433 \U00010348" maintainer=x\n'
    "MAINTAINER \U0001f433 someone\n"
    "RUN echo \U0001f433 && apt-get install -y curl && cd /tmp\n"
    "ARG UNUSED\n"
)


def _expected(text: str, encoding: str, version):
    config = Config()
    result = lint(text, config)
    diagnostics = to_diagnostics(result, encoding, URI, version, config)
    params = types.PublishDiagnosticsParams(uri=URI, diagnostics=diagnostics, version=version)
    return result, CONVERTER.unstructure(params)


def _encoded(encoder: DiagnosticEncoder, result, encoding: str, version):
    body = encoder.notification(
        result.violations, PositionMap(result.dockerfile.lines, encoding), URI, version, rule_url
    )
    message = json.loads(body)
    assert body.isascii()
    assert message["method"] == "textDocument/publishDiagnostics"
    return message["params"]


def _examples():
    return sorted(glob.glob(os.path.join(REPO_ROOT, "examples", "*", "*.Dockerfile")))


@pytest.mark.parametrize("encoding", [UTF16, UTF8, UTF32])
def test_unicode_document_in_every_encoding(encoding):
    result, expected = _expected(UNICODE, encoding, 3)
    assert {d["code"] for d in expected["diagnostics"]} >= {"DL4000", "DL3003"}
    assert any(d.get("tags") for d in expected["diagnostics"])
    assert _encoded(DiagnosticEncoder(), result, encoding, 3) == expected


def test_every_example_file_matches_and_reuse_stays_exact():
    files = _examples()
    assert len(files) >= 18
    encoder = DiagnosticEncoder()
    for version, path in enumerate(files, start=1):
        text = open(path, encoding="utf-8").read()
        result, expected = _expected(text, UTF16, version)
        assert _encoded(encoder, result, UTF16, version) == expected, path
        # an edit on the first line: the diagnostics after it are reused, the version is new
        edited = text.replace("\n", " \n", 1)
        result, expected = _expected(edited, UTF16, version + 100)
        assert _encoded(encoder, result, UTF16, version + 100) == expected, path
        # and back: still exact
        result, expected = _expected(text, UTF16, None)
        assert _encoded(encoder, result, UTF16, None) == expected, path


def test_related_information_and_fixes_are_encoded():
    text = "FROM python:3.12-slim\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n"
    result, expected = _expected(text, UTF16, 1)
    encoded = _encoded(DiagnosticEncoder(), result, UTF16, 1)
    assert encoded == expected
    sz301 = [d for d in encoded["diagnostics"] if d["code"] == "SZ301"]
    assert sz301 and sz301[0]["relatedInformation"][0]["location"]["range"]["start"]["line"] == 2
    assert any("fix" in d["data"] for d in encoded["diagnostics"])


def _edits(text: str):
    """A typing session over ``text``: characters typed and erased inside a word in the middle,
    then at the start and the end (the edit moving across the file), a line broken and joined
    again, a line break typed between a ``\\r`` and its ``\\n``, and a line deleted."""
    middle = text.find(" ", len(text) // 2)
    yield text[:middle] + "x" + text[middle:]
    yield text[:middle] + "xy" + text[middle:]
    yield text
    yield "# a\u00e9\U0001f433\n" + text  # a line added above everything
    yield text
    yield text[:middle] + "\n" + text[middle:]  # a line broken: the findings after it move down
    yield text
    yield text + "RUN cd /tmp\n"
    yield text.replace("\n", "\r\n")
    crlf = text.replace("\n", "\r\n")
    at = crlf.find("\r\n", len(crlf) // 3) + 1
    yield crlf[:at] + "\n" + crlf[at:]  # between \r and \n: a lone \r ends a line for the client
    yield crlf
    second = text.find("\n") + 1
    yield text[:second] + text[text.find("\n", second) + 1 :]


@pytest.mark.parametrize("encoding", [UTF16, UTF8])
def test_reused_diagnostics_stay_exact_as_edits_move_them_by_characters_and_by_lines(encoding):
    files = _examples()
    encoder = DiagnosticEncoder()
    version = 0
    for path in files:
        text = open(path, encoding="utf-8").read()
        for edited in [text, *_edits(text)]:
            version += 1
            result, expected = _expected(edited, encoding, version)
            assert _encoded(encoder, result, encoding, version) == expected, (path, version)


def test_a_new_documentation_link_is_sent_for_unchanged_diagnostics():
    result, _ = _expected(UNICODE, UTF16, 1)
    encoder = DiagnosticEncoder()
    positions = PositionMap(result.dockerfile.lines)
    encoder.notification(result.violations, positions, URI, 1, lambda code: f"https://a.example/{code}")
    body = encoder.notification(result.violations, positions, URI, 2, lambda code: f"https://b.example/{code}")
    links = {d["codeDescription"]["href"] for d in json.loads(body)["params"]["diagnostics"]}
    assert links and all(link.startswith("https://b.example/") for link in links)


def test_a_pulled_report_is_the_straightforward_report_edit_after_edit():
    """A client that pulls diagnostics gets them from the same encoder as a push, in JSON: what
    the protocol would write for the report ``to_diagnostics`` makes."""
    server = create_server()
    server.store.shellcheck.enabled = lambda config: False  # its findings come later, or not at all
    out = Collected()
    server.protocol.set_writer(out, include_headers=False)
    uri = "file:///pulled/Dockerfile"
    text = open(_examples()[0], encoding="utf-8").read()
    capabilities = {"textDocument": {"diagnostic": {}, "publishDiagnostics": {"relatedInformation": True}}}

    async def pull(request_id: int) -> dict:
        receive(
            server, {"id": request_id, "method": "textDocument/diagnostic", "params": {"textDocument": {"uri": uri}}}
        )
        for _ in range(500):
            answer = next((m for m in out.messages if m.get("id") == request_id), None)
            if answer is not None:
                return answer
            await asyncio.sleep(0.01)
        raise AssertionError("no answer")

    async def session() -> None:
        receive(
            server,
            {
                "id": 1,
                "method": "initialize",
                "params": {"processId": None, "rootUri": None, "capabilities": capabilities},
            },
        )
        receive(server, {"method": "initialized", "params": {}})
        opened = {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}
        receive(server, {"method": "textDocument/didOpen", "params": {"textDocument": opened}})
        for version, edited in enumerate([text, *_edits(text)], start=1):
            if version > 1:
                change = {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": edited}]}
                receive(server, {"method": "textDocument/didChange", "params": change})
            answer = await pull(100 + version)
            report = answer["result"]
            config = Config(shellcheck=False)
            items = to_diagnostics(lint(edited, config), UTF16, uri, version, config)
            expected = types.RelatedFullDocumentDiagnosticReport(items=items, result_id=report["resultId"])
            assert report == CONVERTER.unstructure(expected), version
            assert answer["jsonrpc"] == "2.0"

    try:
        asyncio.run(session())
    finally:
        server.store.shutdown()
