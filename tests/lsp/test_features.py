"""Hover, code actions, outline, navigation, formatting, links, and staying up."""

from __future__ import annotations

import pytest
from lsp_support import PLUGIN_SERVER, diagnostics_for, make_fixture, open_doc, uri_of
from lsprotocol import types
from pygls.exceptions import JsonRpcException

pytestmark = pytest.mark.asyncio

client = make_fixture()
plain_client = make_fixture(markdown=False)
plugin_client = make_fixture(PLUGIN_SERVER)
command_client = make_fixture(literals=False)

TEXT = """ARG VERSION=3.12
FROM python:${VERSION}-slim AS build
RUN --mount=type=cache,target=/root/.cache pip install build
RUN echo one
FROM build
COPY --from=build /src /src
MAINTAINER me
CMD python app.py
"""


def ident(uri):
    return types.TextDocumentIdentifier(uri=uri)


async def _open(c, tmp_path, text=TEXT):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(c, uri, text)
    params = await diagnostics_for(c, uri, 1)
    return uri, params.diagnostics


async def _hover(c, uri, line, ch):
    return await c.text_document_hover_async(
        types.HoverParams(text_document=ident(uri), position=types.Position(line, ch))
    )


async def test_hover_keyword_flag_variable_diagnostic_and_pragma(client, tmp_path):
    uri, _ = await _open(client, tmp_path, TEXT + "# stanzalint: ignore=DL3006\nFROM ubuntu\n")
    run = await _hover(client, uri, 2, 1)
    assert run.contents.kind == types.MarkupKind.Markdown
    assert run.contents.value.startswith("**RUN** — Run a command in a new layer.")
    assert run.range == types.Range(types.Position(2, 0), types.Position(2, 3))
    mount = await _hover(client, uri, 2, 8)
    assert mount.contents.value.startswith("**RUN --mount** — Mount something for this RUN only")
    var = await _hover(client, uri, 1, 16)
    assert var.contents.value.splitlines()[:3] == [
        "**$VERSION**",
        "Value: `3.12`",
        "- global ARG VERSION=`3.12` on line 1",
    ]
    maint = await _hover(client, uri, 6, 2)
    assert (
        "MAINTAINER" in maint.contents.value
        and "[DL4000 documentation](https://github.com/stanzalint/stanzalint/blob/main/docs/rules/DL4000.md)"
        in maint.contents.value
    )
    pragma = await _hover(client, uri, 8, 23)
    assert pragma.range == types.Range(types.Position(8, 21), types.Position(8, 27))
    assert (
        "[DL3006 documentation](https://github.com/stanzalint/stanzalint/blob/main/docs/rules/DL3006.md)"
        in pragma.contents.value
    )
    image = await _hover(client, uri, 9, 7)
    assert image.contents.value.splitlines()[:2] == [
        "**ubuntu**",
        "- Docker Official Image: yes ([Docker Hub](https://hub.docker.com/_/ubuntu))",
    ]


async def test_hover_on_a_distroless_base_shows_what_it_carries(client, tmp_path):
    uri, _ = await _open(
        client, tmp_path, 'FROM gcr.io/distroless/python3-debian13:nonroot\nCOPY app.py /app.py\nCMD ["/app.py"]\n'
    )
    hover = await _hover(client, uri, 0, 20)
    assert hover.range == types.Range(types.Position(0, 5), types.Position(0, 47))
    assert hover.contents.value.splitlines()[:9] == [
        "**gcr.io/distroless/python3-debian13:nonroot**",
        "- Docker Official Image: no",
        "- OS: debian 13 (trixie)",
        "- Distroless `python3` for Debian 13, tag `nonroot`: no shell, no package manager",
        "- Carries: glibc 2.41-12+deb13u3, libssl 3.5.6-1~deb13u2, libstdc++ 14.2.0-19, CA certificates 20250419, "
        "tzdata 2026b-0+deb13u1",
        "- Does not carry: a shell, a package manager",
        "- Runtime: Python 3.13.5 at `/usr/bin/python3.13` (entrypoint `/usr/bin/python3.13`)",
        "- Non-root user: `nonroot`, uid 65532 (the `:nonroot` and `:debug-nonroot` tags run as it)",
        "- Source: GoogleContainerTools/distroless@cd080764af31 (2026-08-21)",
    ]


async def test_plaintext_hover_for_clients_without_markdown(plain_client, tmp_path):
    uri, _ = await _open(plain_client, tmp_path)
    run = await _hover(plain_client, uri, 2, 1)
    assert run.contents.kind == types.MarkupKind.PlainText
    assert run.contents.value.startswith("RUN — Run a command in a new layer.")


async def test_quick_fix_ignore_actions_and_refactors(client, tmp_path):
    uri, diags = await _open(client, tmp_path)
    (dl4000,) = [d for d in diags if d.code == "DL4000"]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=ident(uri), range=dl4000.range, context=types.CodeActionContext(diagnostics=[dl4000])
        )
    )
    by_title = {a.title: a for a in actions}
    fix = by_title["Replace MAINTAINER with the OCI authors label (unsafe: may change behaviour)"]
    assert fix.is_preferred is False and fix.kind == types.CodeActionKind.QuickFix
    edit = fix.edit.document_changes[0]
    assert edit.text_document.version == 1
    assert [(e.range.start.line, e.new_text) for e in edit.edits] == [
        (6, 'LABEL org.opencontainers.image.authors="me"')
    ]
    ignore = by_title["Ignore DL4000 for this instruction"].edit.document_changes[0].edits
    assert [(e.range.start.line, e.range.start.character, e.new_text) for e in ignore] == [
        (6, 0, "# stanzalint: ignore=DL4000\n")
    ]
    whole = by_title["Ignore DL4000 for this file"].edit.document_changes[0].edits
    assert [(e.range.start.line, e.new_text) for e in whole] == [(0, "# stanzalint: global ignore=DL4000\n")]
    run_line = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=ident(uri),
            range=types.Range(types.Position(3, 0), types.Position(3, 0)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    titles = [a.title for a in run_line]
    assert "Merge this RUN with the next one" not in titles  # the next instruction is a FROM
    cmd = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=ident(uri),
            range=types.Range(types.Position(7, 0), types.Position(7, 0)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    (exec_form,) = [a for a in cmd if a.title == "Convert CMD to exec form"]
    assert [e.new_text for e in exec_form.edit.document_changes[0].edits] == ['["python", "app.py"]']


async def test_merge_runs_and_fix_all(plugin_client, tmp_path):
    uri, diags = await _open(
        plugin_client, tmp_path, "FROM ubuntu:22.04\nRUN apt-get update\nRUN echo hi\nWORKDIR app\nUSER app\n"
    )
    actions = await plugin_client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=ident(uri),
            range=types.Range(types.Position(1, 0), types.Position(1, 0)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    (merge,) = [a for a in actions if a.title == "Merge this RUN with the next one"]
    assert [
        (e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.new_text)
        for e in merge.edit.document_changes[0].edits
    ] == [(1, 18, 2, 4, " && \\\n    ")]
    (sz999,) = [d for d in diags if d.code == "SZ999"]
    quick = await plugin_client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=ident(uri), range=sz999.range, context=types.CodeActionContext(diagnostics=[sz999])
        )
    )
    assert [(a.title, a.is_preferred) for a in quick][0] == ("Make the path absolute", True)
    fix_all = await plugin_client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=ident(uri),
            range=types.Range(types.Position(0, 0), types.Position(0, 0)),
            context=types.CodeActionContext(diagnostics=[], only=["source.fixAll.stanzalint"]),
        )
    )
    assert [a.kind for a in fix_all] == ["source.fixAll.stanzalint"]
    (edit,) = fix_all[0].edit.document_changes[0].edits
    lines = "FROM ubuntu:22.04\nRUN apt-get update\nRUN echo hi\nWORKDIR app\nUSER app\n".split("\n")
    start = sum(len(line) + 1 for line in lines[: edit.range.start.line]) + edit.range.start.character
    end = sum(len(line) + 1 for line in lines[: edit.range.end.line]) + edit.range.end.character
    text = "\n".join(lines)
    fixed = text[:start] + edit.new_text + text[end:]
    assert "WORKDIR /app\n" in fixed and "WORKDIR app" not in fixed


async def test_commands_for_clients_without_literals(command_client, tmp_path):
    uri, diags = await _open(command_client, tmp_path)
    (dl4000,) = [d for d in diags if d.code == "DL4000"]
    actions = await command_client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=ident(uri), range=dl4000.range, context=types.CodeActionContext(diagnostics=[dl4000])
        )
    )
    assert all(isinstance(a, types.Command) and a.command == "stanzalint.applyEdit" for a in actions)
    await command_client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=actions[0].command, arguments=actions[0].arguments)
    )
    (applied,) = command_client.applied_edits
    assert applied.document_changes[0].edits[0].new_text == 'LABEL org.opencontainers.image.authors="me"'
    docs = await command_client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="stanzalint.ruleDocs", arguments=["DL4000"])
    )
    assert docs.endswith(
        "[DL4000 documentation](https://github.com/stanzalint/stanzalint/blob/main/docs/rules/DL4000.md)"
    )


async def test_outline_navigation_rename_links(client, tmp_path):
    uri, _ = await _open(client, tmp_path)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=ident(uri)))
    assert [(s.name, s.detail) for s in symbols] == [
        ("ARG", "VERSION=3.12"),
        ("build", "FROM python:${VERSION}-slim"),
        ("stage 1", "FROM build"),
    ]
    assert [c.name for c in symbols[1].children] == ["FROM", "RUN", "RUN"]
    assert [c.name for c in symbols[2].children] == ["FROM", "COPY", "MAINTAINER", "CMD"]
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=ident(uri),
            position=types.Position(5, 14),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert [(r.range.start.line, r.range.start.character, r.range.end.character) for r in refs] == [
        (1, 31, 36),
        (4, 5, 10),
        (5, 12, 17),
    ]
    definition = await client.text_document_definition_async(
        types.DefinitionParams(text_document=ident(uri), position=types.Position(4, 6))
    )
    assert [(d.range.start.line, d.range.start.character) for d in definition] == [(1, 31)]
    rename = await client.text_document_rename_async(
        types.RenameParams(text_document=ident(uri), position=types.Position(1, 16), new_name="PY")
    )
    assert sorted(
        (e.range.start.line, e.range.start.character, e.new_text) for e in rename.document_changes[0].edits
    ) == [(0, 4, "PY"), (1, 14, "PY")]
    links = await client.text_document_document_link_async(types.DocumentLinkParams(text_document=ident(uri)))
    assert [link.target for link in links] == ["https://hub.docker.com/_/python"]
    folds = await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=ident(uri)))
    assert [(f.start_line, f.end_line) for f in folds] == [(1, 3), (4, 7)]


async def test_formatting_upper_cases_and_indents(client, tmp_path):
    uri, _ = await _open(
        client, tmp_path, "from ubuntu:22.04\n  run apt-get update && \\\n  apt-get install -y curl\nUSER app\n"
    )
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=ident(uri), options=types.FormattingOptions(tab_size=4, insert_spaces=True)
        )
    )
    assert sorted((e.range.start.line, e.range.start.character, e.range.end.character, e.new_text) for e in edits) == [
        (0, 0, 4, "FROM"),
        (1, 0, 2, ""),
        (1, 2, 5, "RUN"),
        (2, 0, 2, "    "),
    ]


async def test_failing_rule_and_handler_do_not_take_the_server_down(plugin_client, tmp_path):
    uri, diags = await _open(plugin_client, tmp_path, "FROM ubuntu\n# BOOM HOVERBOOM\nUSER app\n")
    codes = [d.code for d in diags]
    assert "DL3006" in codes and "SZ998" not in codes  # the other rules still ran
    assert any("rule SZ998 failed" in m.message for m in plugin_client.log_messages)
    with pytest.raises(JsonRpcException):
        await _hover(plugin_client, uri, 1, 3)
    ok = await _hover(plugin_client, uri, 0, 1)
    assert ok.contents.value.startswith("**FROM**")
    far = await _hover(plugin_client, uri, 999, 999)  # clamped to the end of the document
    assert far is None
    clamped = await _hover(plugin_client, uri, 0, 999)
    assert clamped.range == types.Range(types.Position(0, 5), types.Position(0, 11))


async def test_a_20000_instruction_document_stays_responsive(client, tmp_path):
    uri = uri_of(str(tmp_path / "Dockerfile"))
    open_doc(client, uri, "FROM ubuntu:22.04\n" + "RUN echo step\n" * 20000 + "USER app\n")
    hover = await _hover(client, uri, 1, 1)
    assert hover.contents.value.startswith("**RUN**")
