"""Initialize, capabilities, position encodings, incremental sync, shutdown/exit, cancellation."""

from __future__ import annotations

import pytest
from lsp_support import change_doc, diagnostics_for, make_fixture, open_doc, uri_of
from lsprotocol import types

pytestmark = pytest.mark.asyncio

client = make_fixture()
utf8_client = make_fixture(encodings=["utf-8", "utf-16"])
utf32_client = make_fixture(encodings=["utf-32"])

EMOJI_TEXT = "FROM ubuntu:22.04\nMAINTAINER 😀 é\n"


async def test_capabilities_are_what_the_server_does(client):
    caps = client.init_result.capabilities
    assert caps.position_encoding == types.PositionEncodingKind.Utf16
    assert caps.text_document_sync.change == types.TextDocumentSyncKind.Incremental
    assert caps.text_document_sync.open_close is True
    assert caps.hover_provider is not None
    assert set(caps.code_action_provider.code_action_kinds) == {
        "quickfix",
        "refactor.rewrite",
        "refactor.extract",
        "source.fixAll",
        "source.fixAll.stanzalint",
    }
    assert sorted(caps.execute_command_provider.commands) == ["stanzalint.applyEdit", "stanzalint.ruleDocs"]
    assert caps.diagnostic_provider.identifier == "stanzalint"
    for provider in (
        "document_symbol_provider",
        "folding_range_provider",
        "definition_provider",
        "references_provider",
        "document_highlight_provider",
        "document_formatting_provider",
        "completion_provider",
        "document_link_provider",
    ):
        assert getattr(caps, provider) is not None, provider
    assert caps.rename_provider.prepare_provider is True
    assert client.init_result.server_info.name == "stanzalint"


async def _fix_end(c, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(c, uri, EMOJI_TEXT)
    params = await diagnostics_for(c, uri, 1)
    (dl4000,) = [d for d in params.diagnostics if d.code == "DL4000"]
    actions = await c.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=dl4000.range,
            context=types.CodeActionContext(diagnostics=[dl4000], only=[types.CodeActionKind.QuickFix]),
        )
    )
    (fix,) = [a for a in actions if a.title.startswith("Replace MAINTAINER")]
    r = fix.edit.document_changes[0].edits[0].range
    return {
        "start": {"line": r.start.line, "character": r.start.character},
        "end": {"line": r.end.line, "character": r.end.character},
    }


async def test_utf16_is_the_default_and_counts_surrogate_pairs(client, tmp_path):
    # "MAINTAINER " 11 units, the emoji 2 UTF-16 units, " " 1, "é" 1
    assert (await _fix_end(client, tmp_path)) == {
        "start": {"line": 1, "character": 0},
        "end": {"line": 1, "character": 15},
    }


async def test_utf8_when_the_client_prefers_it(utf8_client, tmp_path):
    assert utf8_client.init_result.capabilities.position_encoding == "utf-8"
    # the emoji is 4 bytes, "é" 2
    assert (await _fix_end(utf8_client, tmp_path))["end"] == {"line": 1, "character": 18}


async def test_utf32_counts_code_points(utf32_client, tmp_path):
    assert utf32_client.init_result.capabilities.position_encoding == "utf-32"
    assert (await _fix_end(utf32_client, tmp_path))["end"] == {"line": 1, "character": 14}


async def test_incoming_positions_are_converted_too(client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    text = 'LABEL note="😀" \\\n      other=1\nRUN echo hi\n'
    open_doc(client, uri, text)
    await diagnostics_for(client, uri, 1)
    # insert " x" right after the emoji's closing quote: UTF-16 character 15 on line 0
    change_doc(client, uri, 2, "X", types.Range(types.Position(0, 14), types.Position(0, 14)))
    await diagnostics_for(client, uri, 2)
    result = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=4, insert_spaces=True),
        )
    )
    # the server's text now has X after the emoji: the continuation line is re-indented to 4 spaces
    assert [(e.range.start.line, e.range.start.character, e.range.end.character, e.new_text) for e in result] == [
        (1, 0, 6, "    ")
    ]
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(2, 1))
    )
    assert hover.range == types.Range(types.Position(2, 0), types.Position(2, 3))


async def test_incremental_changes_are_applied(client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(client, uri, "FROM ubuntu:22.04\nUSER app\n")
    first = await diagnostics_for(client, uri, 1)
    assert [d.code for d in first.diagnostics] == []
    change_doc(client, uri, 2, "MAINTAINER me\n", types.Range(types.Position(1, 0), types.Position(1, 0)))
    second = await diagnostics_for(client, uri, 2)
    assert [(d.code, d.range.start.line) for d in second.diagnostics] == [("DL4000", 1)]
