"""A diagnostic links its rule's documentation (``codeDescription``) only for a client that
declared ``codeDescriptionSupport``, and names its related places only for one that declared
``relatedInformation``, pushed or pulled; the rest of the diagnostic is the same."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from in_process import Collected, receive
from pygls.protocol import default_converter
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.lsp.diagnostics import to_diagnostics
from stanzalint.lsp.positions import UTF16
from stanzalint.lsp.server import create_server

URI = "file:///links/Dockerfile"
TEXT = "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y curl\nMAINTAINER someone\n"
DL3008 = "https://github.com/stanzalint/stanzalint/blob/main/docs/rules/DL3008.md"
DECLARED = {"codeDescriptionSupport": True}


def _sent(capabilities: dict[str, Any], text: str = TEXT) -> list[dict[str, Any]]:
    """The diagnostics of ``TEXT`` a client with ``capabilities`` gets: pulled when it declares
    ``textDocument.diagnostic``, else pushed."""
    server = create_server()
    server.store.shellcheck.enabled = lambda config: False
    out = Collected()
    server.protocol.set_writer(out, include_headers=False)
    pulls = "diagnostic" in capabilities["textDocument"]

    def answer() -> list[dict[str, Any]] | None:
        for message in out.messages:
            if pulls and message.get("id") == 2:
                return message["result"]["items"]
            if not pulls and message.get("method") == "textDocument/publishDiagnostics":
                return message["params"]["diagnostics"]
        return None

    async def session() -> list[dict[str, Any]]:
        initialize = {"processId": None, "rootUri": None, "capabilities": capabilities}
        receive(server, {"id": 1, "method": "initialize", "params": initialize})
        receive(server, {"method": "initialized", "params": {}})
        opened = {"uri": URI, "languageId": "dockerfile", "version": 1, "text": text}
        receive(server, {"method": "textDocument/didOpen", "params": {"textDocument": opened}})
        if pulls:
            receive(server, {"id": 2, "method": "textDocument/diagnostic", "params": {"textDocument": {"uri": URI}}})
        for _ in range(500):
            diagnostics = answer()
            if diagnostics is not None:
                return diagnostics
            await asyncio.sleep(0.01)
        raise AssertionError("no diagnostics")

    try:
        return asyncio.run(session())
    finally:
        server.store.shutdown()


def _expected(code_descriptions: bool) -> list[dict[str, Any]]:
    config = Config(shellcheck=False)
    diagnostics = to_diagnostics(lint(TEXT, config), UTF16, URI, 1, config, code_descriptions=code_descriptions)
    return default_converter().unstructure(diagnostics)


@pytest.mark.parametrize(
    "text_document",
    [
        {"publishDiagnostics": {"relatedInformation": True}},
        {"publishDiagnostics": {"relatedInformation": True}, "diagnostic": {}},
    ],
    ids=["push", "pull"],
)
def test_a_client_that_did_not_declare_code_descriptions_gets_no_links(text_document):
    diagnostics = _sent({"textDocument": text_document})
    assert len(diagnostics) >= 3
    assert not [d for d in diagnostics if "codeDescription" in d]
    assert diagnostics == _expected(code_descriptions=False)


@pytest.mark.parametrize(
    "text_document",
    [
        {"publishDiagnostics": DECLARED},
        {"publishDiagnostics": DECLARED, "diagnostic": {}},  # VS Code's client: declared for pushed ones only
        {"publishDiagnostics": {}, "diagnostic": DECLARED},  # LSP 3.18: declared for pulled ones
    ],
    ids=["push", "pull-declared-for-push", "pull"],
)
def test_a_client_that_declared_code_descriptions_gets_each_rules_link(text_document):
    diagnostics = _sent({"textDocument": text_document})
    links = {d["code"]: d["codeDescription"]["href"] for d in diagnostics}
    assert links["DL3008"] == DL3008
    assert diagnostics == _expected(code_descriptions=True)


#: DL3024's diagnostic has a related place: where the stage name was first defined
TWICE_NAMED = "FROM alpine:3.20 AS x\nRUN true\nFROM alpine:3.20 AS x\nRUN true\n"


@pytest.mark.parametrize(
    ("text_document", "named"),
    [
        ({"publishDiagnostics": {}, "diagnostic": {}}, False),
        ({"publishDiagnostics": {"relatedInformation": True}, "diagnostic": {}}, True),
        ({"publishDiagnostics": {}, "diagnostic": {"relatedInformation": True}}, True),  # LSP 3.18
    ],
    ids=["undeclared", "declared-for-push", "declared-for-pull"],
)
def test_related_places_go_to_a_client_that_declared_them_for_either_kind_of_diagnostics(text_document, named):
    diagnostics = _sent({"textDocument": text_document}, TWICE_NAMED)
    related = [d.get("relatedInformation") for d in diagnostics if d["code"] == "DL3024"]
    expected = [
        {
            "location": {
                "uri": URI,
                "range": {"start": {"line": 0, "character": 20}, "end": {"line": 0, "character": 21}},
            },
            "message": "first defined here",
        }
    ]
    assert related == ([expected] if named else [None])
