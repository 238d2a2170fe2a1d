"""Each LSP handler is a plain function of (server, params): called here directly, with no
client, on a server whose protocol was initialized in-process."""

from __future__ import annotations

from in_process import run_initialized
from lsprotocol import types
from stanzalint.lsp.handlers import hover, lifecycle, navigation, symbols
from stanzalint.lsp.server import create_server

TEXT = "FROM debian:12 AS build\nARG VERSION=1\nRUN echo $VERSION \\\n    && true\n\nFROM scratch\nCOPY --from=build /x /x\n"
URI = "file:///direct/Dockerfile"
DOC = types.TextDocumentIdentifier(URI)


def _ask(request):
    """``request(server)`` on an initialized server holding ``TEXT`` at ``URI``."""

    async def session(server):
        server.store.open(URI, TEXT, 1)
        return await request(server)

    return run_initialized(session)


def _loc(sl, sc, el, ec):
    return types.Location(URI, types.Range(types.Position(sl, sc), types.Position(el, ec)))


def test_definition_of_a_variable():
    params = types.DefinitionParams(text_document=DOC, position=types.Position(2, 11))
    assert _ask(lambda ls: navigation.definition(ls, params)) == [_loc(1, 4, 1, 11)]


def test_references_of_a_stage_with_its_declaration():
    params = types.ReferenceParams(
        text_document=DOC, position=types.Position(6, 14), context=types.ReferenceContext(include_declaration=True)
    )
    assert _ask(lambda ls: navigation.references(ls, params)) == [_loc(0, 18, 0, 23), _loc(6, 12, 6, 17)]


def test_a_mount_reading_a_stage_is_a_reference_to_it_by_the_from_buildkit_reads():
    text = TEXT + "RUN --mount=from=scratch,FROM=build,target=/b ls\n"

    async def session(server):
        server.store.open(URI, text, 1)
        params = types.ReferenceParams(
            text_document=DOC, position=types.Position(0, 19), context=types.ReferenceContext(include_declaration=False)
        )
        return await navigation.references(server, params)

    assert run_initialized(session) == [_loc(6, 12, 6, 17), _loc(7, 30, 7, 35)]


def test_folding_ranges_of_stages_and_continued_lines():
    region = types.FoldingRangeKind.Region
    assert _ask(lambda ls: symbols.folding(ls, types.FoldingRangeParams(text_document=DOC))) == [
        types.FoldingRange(start_line=0, end_line=3, kind=region),
        types.FoldingRange(start_line=2, end_line=3, kind=region),
        types.FoldingRange(start_line=5, end_line=6, kind=region),
    ]


def test_a_document_that_is_not_open_gets_no_answer():
    params = types.DefinitionParams(
        text_document=types.TextDocumentIdentifier("file:///direct/other"), position=types.Position(0, 0)
    )
    assert _ask(lambda ls: navigation.definition(ls, params)) is None


def test_rule_docs_command():
    server = create_server()
    try:
        assert hover.rule_docs(server, ["DL3008"]).startswith("# DL3008 apt-get-unpinned-packages\n")
        assert hover.rule_docs(server, 42) is None
    finally:
        server.store.shutdown()


def test_initialize_notes_what_the_client_supports_and_its_settings():
    server = create_server()
    caps = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(
            completion=types.CompletionClientCapabilities(
                completion_item=types.ClientCompletionItemOptions(
                    snippet_support=True, documentation_format=[types.MarkupKind.Markdown]
                )
            ),
            diagnostic=types.DiagnosticClientCapabilities(),
        ),
        workspace=types.WorkspaceClientCapabilities(configuration=True),
    )
    options = {"settings": {"stanzalint": {"strict": True}}}
    try:
        lifecycle.initialize(server, types.InitializeParams(capabilities=caps, initialization_options=options))
        assert (server.snippets, server.completion_markdown, server.pull_mode, server.config_requests) == (
            True,
            True,
            True,
            True,
        )
        assert (server.literal_actions, server.related_info) == (False, False)
        assert server.global_settings == {"strict": True}
    finally:
        server.store.shutdown()
