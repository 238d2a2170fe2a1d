"""Push and pull diagnostics: fields, versions, coalescing, save, close."""

from __future__ import annotations

import attrs
import pytest
from lsp_support import PLUGIN_SERVER, change_doc, diagnostics_for, make_fixture, open_doc, published_count, uri_of
from lsprotocol import types

pytestmark = pytest.mark.asyncio

client = make_fixture()
plugin_client = make_fixture(PLUGIN_SERVER)
pull_client = make_fixture(pull=True)


async def test_each_diagnostic_carries_what_the_editor_shows(client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(client, uri, "FROM ubuntu\nMAINTAINER Jane <j@example.com>\nUSER app\n", version=3)
    params = await diagnostics_for(client, uri)
    assert params.version == 3
    by_code = {d.code: d for d in params.diagnostics}
    assert sorted(by_code) == ["DL3006", "DL4000"]
    dl4000 = by_code["DL4000"]
    assert dl4000.range == types.Range(types.Position(1, 0), types.Position(1, 10))
    assert dl4000.severity == types.DiagnosticSeverity.Error
    assert dl4000.source == "stanzalint"
    assert dl4000.code_description.href == "https://github.com/stanzalint/stanzalint/blob/main/docs/rules/DL4000.md"
    assert dl4000.message == "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors"
    assert list(dl4000.tags) == [types.DiagnosticTag.Deprecated]
    assert dl4000.data == {"version": 3}  # it has a fix: the quick fix of version 3's lint
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=dl4000.range,
            context=types.CodeActionContext(diagnostics=[dl4000], only=[types.CodeActionKind.QuickFix]),
        )
    )
    (fix,) = [a for a in actions if not a.title.startswith("Ignore")]
    assert fix.title == "Replace MAINTAINER with the OCI authors label (unsafe: may change behaviour)"
    assert fix.is_preferred is False
    assert list(fix.diagnostics) == [dl4000]
    (change,) = fix.edit.document_changes
    assert change.text_document == types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=3)
    assert list(change.edits) == [
        types.TextEdit(
            types.Range(types.Position(1, 0), types.Position(1, 31)),
            'LABEL org.opencontainers.image.authors="Jane <j@example.com>"',
        )
    ]
    dl3006 = by_code["DL3006"]
    assert dl3006.range == types.Range(types.Position(0, 5), types.Position(0, 11))
    assert dl3006.severity == types.DiagnosticSeverity.Warning
    assert dl3006.data is None  # no fix: nothing to carry
    assert dl3006.tags is None


async def test_a_diagnostic_of_an_older_version_gets_no_quick_fix(client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    text = "FROM ubuntu\nMAINTAINER Jane <j@example.com>\n"
    open_doc(client, uri, text, version=3)
    (dl4000,) = [d for d in (await diagnostics_for(client, uri, 3)).diagnostics if d.code == "DL4000"]
    change_doc(client, uri, 4, text)  # the same finding in version 4's lint
    await diagnostics_for(client, uri, 4)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=dl4000.range,
            context=types.CodeActionContext(diagnostics=[dl4000], only=[types.CodeActionKind.QuickFix]),
        )
    )
    assert [a.title for a in actions] == ["Ignore DL4000 for this instruction", "Ignore DL4000 for this file"]


async def quick_fix_titles(client, uri, diagnostic):
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic], only=[types.CodeActionKind.QuickFix]),
        )
    )
    return [a.title for a in actions if not a.title.startswith("Ignore")]


async def test_a_diagnostic_the_client_rebuilt_still_gets_its_quick_fix(client, tmp_path):
    # a client may send back its own copy: columns counted its own way, a message trimmed
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(client, uri, 'FROM debian:12\nLABEL a="\u00e9"\nMAINTAINER J\u00e4ne <j@example.com>\n', version=3)
    (dl4000,) = [d for d in (await diagnostics_for(client, uri, 3)).diagnostics if d.code == "DL4000"]
    title = "Replace MAINTAINER with the OCI authors label (unsafe: may change behaviour)"
    assert await quick_fix_titles(client, uri, dl4000) == [title]
    reworded = attrs.evolve(dl4000, message=dl4000.message + " ")
    assert await quick_fix_titles(client, uri, reworded) == [title]
    wider = attrs.evolve(
        dl4000, range=types.Range(dl4000.range.start, types.Position(2, dl4000.range.end.character + 1))
    )
    assert await quick_fix_titles(client, uri, wider) == [title]
    both = attrs.evolve(wider, message="something else")
    assert await quick_fix_titles(client, uri, both) == []


async def test_a_rebuilt_diagnostic_that_fits_two_findings_gets_no_quick_fix(client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(client, uri, "FROM debian:12\nMAINTAINER Jane\nMAINTAINER Jane\n", version=3)
    first, second = [d for d in (await diagnostics_for(client, uri, 3)).diagnostics if d.code == "DL4000"]
    assert first.message == second.message
    moved = attrs.evolve(first, range=types.Range(types.Position(1, 1), first.range.end))
    assert await quick_fix_titles(client, uri, moved) == []  # the same message twice: which one is unknown
    assert len(await quick_fix_titles(client, uri, first)) == 1


async def test_style_is_a_hint_with_related_information_and_unnecessary_tag(plugin_client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(plugin_client, uri, "FROM ubuntu:22.04\nWORKDIR app\nUSER app\n")
    params = await diagnostics_for(plugin_client, uri, 1)
    (d,) = [d for d in params.diagnostics if d.code == "SZ999"]
    assert d.severity == types.DiagnosticSeverity.Hint
    assert list(d.tags) == [types.DiagnosticTag.Unnecessary]
    assert list(d.related_information) == [
        types.DiagnosticRelatedInformation(
            types.Location(uri, types.Range(types.Position(0, 0), types.Position(0, 4))), "the stage starts here"
        )
    ]


async def test_a_burst_of_edits_publishes_the_newest_version_and_never_an_older_one_after_it(client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    base = "FROM ubuntu:22.04\nUSER app\n"
    open_doc(client, uri, base)
    await diagnostics_for(client, uri, 1)
    start = published_count(client)
    for version in range(2, 12):
        text = base + "MAINTAINER x\n" * (version % 3)  # version 11: two MAINTAINER lines
        change_doc(client, uri, version, text)
    final = await diagnostics_for(client, uri, 11, after=start)
    assert [(d.code, d.range.start.line) for d in final.diagnostics] == [("DL4000", 2), ("DL4000", 3)]
    versions = [p.version for p in client.published[start:] if p.uri == uri]
    assert versions == sorted(versions) and versions[-1] == 11
    for p in client.published[start:]:  # each publication matches the text of its version
        assert len([d for d in p.diagnostics if d.code == "DL4000"]) == p.version % 3


async def test_save_republishes_and_close_clears(client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(client, uri, "FROM ubuntu\nUSER app\n")
    await diagnostics_for(client, uri, 1)
    count = published_count(client)
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    again = await diagnostics_for(client, uri, 1, after=count)
    assert [d.code for d in again.diagnostics] == ["DL3006"]
    count = published_count(client)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    cleared = await diagnostics_for(client, uri, after=count)
    assert list(cleared.diagnostics) == []


async def test_pull_diagnostics_with_result_ids(pull_client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(pull_client, uri, "FROM ubuntu\nUSER app\n")
    ident = types.TextDocumentIdentifier(uri=uri)
    report = await pull_client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=ident))
    assert report.kind == "full"
    assert [(d.code, d.range.start.line) for d in report.items] == [("DL3006", 0)]
    same = await pull_client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=ident, previous_result_id=report.result_id)
    )
    assert same.kind == "unchanged" and same.result_id == report.result_id
    change_doc(pull_client, uri, 2, "FROM ubuntu:22.04\nUSER app\n")
    changed = await pull_client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=ident, previous_result_id=report.result_id)
    )
    assert changed.kind == "full" and changed.result_id != report.result_id and list(changed.items) == []
    assert not [p for p in getattr(pull_client, "published", []) if p.uri == uri]  # pull clients get no pushes
