"""Completion, highlights, stage rename, the split refactor, folding and formatting of real files:
what the editor shows for each."""

from __future__ import annotations

import glob
import os

import pytest
from lsp_support import change_doc, diagnostics_for, make_fixture, open_doc, uri_of
from lsprotocol import types
from repo_paths import CORPUS_ABSENT

pytestmark = pytest.mark.asyncio

client = make_fixture()
plain_client = make_fixture(snippets=False)
casing_client = make_fixture(settings={"select": ["SZ804", "DL4000"]})

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "corpus", "dockerfiles")

TEXT = """# syntax=docker/dockerfile:1
# build the app
# in two stages
FROM golang:1.22 AS build
ARG GOFLAGS=-trimpath
ENV CGO_ENABLED=0
RUN --mount=type=cache,target=/root/.cache go build -o /out/app .
RUN <<EOF
set -e
echo done
EOF
FROM build AS test
RUN --mount=type=bind,from=build,source=/out,target=/mnt ls /mnt
FROM alpine:3.20
COPY --from=build /out/app /app
CMD ["/app"]
"""


def ident(uri):
    return types.TextDocumentIdentifier(uri=uri)


def pos(line, ch):
    return types.Position(line, ch)


def rng(l1, c1, l2, c2):
    return types.Range(pos(l1, c1), pos(l2, c2))


def apply(text, edits):
    """The text after the client applies LSP text edits (UTF-16 columns)."""

    def offset(lines, p):
        before = sum(len(line) + 1 for line in lines[: p.line])
        line = lines[p.line] if p.line < len(lines) else ""
        units = i = 0
        while units < p.character and i < len(line):
            units += 2 if ord(line[i]) > 0xFFFF else 1
            i += 1
        return before + i

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        lines = text.split("\n")
        text = text[: offset(lines, e.range.start)] + e.new_text + text[offset(lines, e.range.end) :]
    return text


async def _open(c, tmp_path, text=TEXT, name="Dockerfile"):
    uri = uri_of(str(tmp_path / name))
    open_doc(c, uri, text)
    return uri, (await diagnostics_for(c, uri, 1)).diagnostics


async def _complete(c, uri, version, text, line, ch):
    change_doc(c, uri, version, text)
    await diagnostics_for(c, uri, version)
    result = await c.text_document_completion_async(
        types.CompletionParams(text_document=ident(uri), position=pos(line, ch))
    )
    return {item.label: item for item in result.items}


async def test_completion_in_each_place(client, tmp_path):
    uri, _ = await _open(client, tmp_path)
    items = await _complete(client, uri, 2, TEXT + "R", 16, 1)
    run = items["RUN"]
    assert run.kind == types.CompletionItemKind.Keyword and run.insert_text_format == types.InsertTextFormat.Snippet
    assert run.insert_text.startswith("RUN ${1") and "MAINTAINER" not in items and "HEALTHCHECK" in items

    items = await _complete(client, uri, 3, TEXT + "COPY --", 16, 7)
    assert sorted(items) == ["--chmod", "--chown", "--exclude", "--from", "--link", "--parents"]
    assert items["--from"].insert_text == "--from=" and items["--link"].insert_text == "--link"
    assert items["--from"].kind == types.CompletionItemKind.Property

    items = await _complete(client, uri, 4, TEXT + "COPY --from=", 16, 12)
    assert [(label, i.kind, i.detail) for label, i in items.items()] == [
        ("build", types.CompletionItemKind.Reference, "stage 0: FROM golang:1.22"),
        ("test", types.CompletionItemKind.Reference, "stage 1: FROM"),
    ]

    mounted = TEXT.replace("target=/mnt ls /mnt", "target=/mnt ls /mnt\nRUN --mount=type=bind,from=")
    items = await _complete(client, uri, 5, mounted, 13, 27)
    assert sorted(items) == ["build"]

    with_var = TEXT.replace("ENV CGO_ENABLED=0\n", "ENV CGO_ENABLED=0\nRUN echo $\n")
    items = await _complete(client, uri, 6, with_var, 6, 10)
    assert {"GOFLAGS", "CGO_ENABLED"} <= set(items)
    assert items["GOFLAGS"].detail == "ARG GOFLAGS=-trimpath" and items["CGO_ENABLED"].detail == "ENV CGO_ENABLED=0"
    assert items["GOFLAGS"].kind == types.CompletionItemKind.Variable

    items = await _complete(client, uri, 7, "# e\n" + TEXT, 0, 3)
    assert {"syntax=", "escape=", "check="} <= set(items)
    assert items["escape="].kind == types.CompletionItemKind.Keyword

    items = await _complete(client, uri, 8, TEXT + "FROM pyth", 16, 9)
    assert items["python"].kind == types.CompletionItemKind.Module
    assert items["python"].detail == "Docker Official Image"
    assert {"build", "test"} <= set(items)  # earlier stages are bases too

    assert await _complete(client, uri, 9, TEXT + "# a comm", 16, 8) == {}


async def test_instruction_completion_without_snippet_support_inserts_the_keyword(plain_client, tmp_path):
    uri, _ = await _open(plain_client, tmp_path)
    items = await _complete(plain_client, uri, 2, TEXT + "W", 16, 1)
    assert items["WORKDIR"].insert_text == "WORKDIR " and items["WORKDIR"].insert_text_format is None


async def test_highlight_and_rename_a_stage_everywhere_it_is_used(client, tmp_path):
    uri, _ = await _open(client, tmp_path)
    highlights = await client.text_document_document_highlight_async(
        types.DocumentHighlightParams(text_document=ident(uri), position=pos(14, 14))
    )
    assert [(h.range, h.kind) for h in highlights] == [
        (rng(3, 20, 3, 25), types.DocumentHighlightKind.Write),
        (rng(11, 5, 11, 10), types.DocumentHighlightKind.Read),
        (rng(12, 27, 12, 32), types.DocumentHighlightKind.Read),
        (rng(14, 12, 14, 17), types.DocumentHighlightKind.Read),
    ]
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=ident(uri), position=pos(12, 29))
    )
    assert prepared.range == rng(12, 27, 12, 32) and prepared.placeholder == "build"
    assert (
        await client.text_document_prepare_rename_async(
            types.PrepareRenameParams(text_document=ident(uri), position=pos(6, 50))
        )
        is None
    )  # "build" the go command
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=ident(uri), position=pos(3, 22), new_name="compile")
    )
    (change,) = edit.document_changes
    assert change.text_document.version == 1
    renamed = apply(TEXT, change.edits)
    assert renamed == (
        TEXT.replace("AS build", "AS compile")
        .replace("FROM build", "FROM compile")
        .replace("from=build", "from=compile")
    )
    assert "go build -o" in renamed


async def _extract_actions_on_first_line(client, uri):
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=ident(uri),
            range=rng(0, 0, 0, 4),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.RefactorExtract]),
        )
    )


async def test_split_into_builder_and_final_stages(client, tmp_path):
    text = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o app .\nEXPOSE 8080\nCMD ["./app"]\n'
    uri, _ = await _open(client, tmp_path, text)
    actions = await _extract_actions_on_first_line(client, uri)
    assert [(a.title, a.kind) for a in actions] == [("Split into builder and final stages", "refactor.extract")]
    assert apply(text, actions[0].edit.document_changes[0].edits) == SPLIT


SPLIT = """FROM golang:1.22 AS builder
WORKDIR /src
COPY . .
RUN go build -o app .

FROM golang:1.22
COPY --from=builder /src /src
WORKDIR /src
EXPOSE 8080
CMD ["./app"]
"""


async def test_folding_stages_heredocs_and_comment_blocks(client, tmp_path):
    uri, _ = await _open(client, tmp_path)
    folds = await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=ident(uri)))
    assert [(f.start_line, f.end_line, f.kind) for f in folds] == FOLDS


FOLDS = [
    (0, 2, types.FoldingRangeKind.Comment),
    (3, 10, types.FoldingRangeKind.Region),
    (7, 10, types.FoldingRangeKind.Region),
    (11, 12, types.FoldingRangeKind.Region),
    (13, 15, types.FoldingRangeKind.Region),
]


def _corpus_files():
    names = [
        "docker-library__golang__1.26__trixie__Dockerfile",
        "moby__buildkit__Dockerfile",
        "moby__buildkit__frontend__dockerfile__parser__testfiles__lk4d4-the-edge-case-generator__Dockerfile",
        "astral-sh__uv__Dockerfile",
        "jupyter__docker-stacks__images__docker-stacks-foundation__Dockerfile",
    ]
    return [os.path.join(CORPUS, n) for n in names]


def _buildkit_view(text):
    """BuildKit's instructions; in a shell-form command only the amount of blank between words
    may differ (continuation lines are re-indented), so runs of blanks count as one."""
    import dockerfile

    return [
        (
            c.cmd,
            c.flags,
            c.value if c.json else tuple(" ".join(v.split()) for v in c.value),
            c.json,
            tuple((h.name, h.content) for h in c.heredocs),
        )
        for c in dockerfile.parse_string(text)
    ]


@pytest.mark.skipif(not glob.glob(os.path.join(CORPUS, "*")), reason=CORPUS_ABSENT)
async def test_formatting_real_files_is_idempotent_and_keeps_the_instructions(client, tmp_path):
    for n, path in enumerate(_corpus_files()):
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        uri = uri_of(str(tmp_path / f"{n}.Dockerfile"))
        open_doc(client, uri, text)
        edits = await client.text_document_formatting_async(
            types.DocumentFormattingParams(
                text_document=ident(uri), options=types.FormattingOptions(tab_size=4, insert_spaces=True)
            )
        )
        formatted = apply(text, edits or [])
        assert _buildkit_view(formatted) == _buildkit_view(text), path
        change_doc(client, uri, 2, formatted)
        again = await client.text_document_formatting_async(
            types.DocumentFormattingParams(
                text_document=ident(uri), options=types.FormattingOptions(tab_size=4, insert_spaces=True)
            )
        )
        assert apply(formatted, again or []) == formatted, path


async def test_formatting_keeps_a_word_that_goes_on_across_a_line_break(client, tmp_path):
    text = "run echo a\\\nb \\\n  && echo c \\\n\t&& echo d\n"
    uri, _ = await _open(client, tmp_path, text)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=ident(uri), options=types.FormattingOptions(tab_size=4, insert_spaces=True)
        )
    )
    assert apply(text, edits) == "RUN echo a\\\nb \\\n    && echo c \\\n    && echo d\n"


async def test_a_light_bulb_request_does_not_compute_fix_all(casing_client, tmp_path):
    client = casing_client
    uri, diagnostics = await _open(client, tmp_path, "FROM ubuntu:22.04\nrun echo hi\nMAINTAINER me\n")
    assert [d.code for d in diagnostics] == ["SZ804", "DL4000"]
    everything = rng(0, 0, 3, 0)
    bulb = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=ident(uri), range=everything, context=types.CodeActionContext(diagnostics=list(diagnostics))
        )
    )
    assert "source.fixAll.stanzalint" not in [a.kind for a in bulb]
    source = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=ident(uri),
            range=everything,
            context=types.CodeActionContext(diagnostics=list(diagnostics), only=[types.CodeActionKind.Source]),
        )
    )
    assert [a.kind for a in source] == ["source.fixAll.stanzalint"]
    assert apply("FROM ubuntu:22.04\nrun echo hi\nMAINTAINER me\n", source[0].edit.document_changes[0].edits) == (
        "FROM ubuntu:22.04\nRUN echo hi\nMAINTAINER me\n"
    )  # safe fixes only


async def test_split_into_builder_and_distroless_final_stages(client, tmp_path):
    text = 'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o app .\nUSER nobody\nCMD ["./app"]\n'
    uri, _ = await _open(client, tmp_path, text)
    actions = await _extract_actions_on_first_line(client, uri)
    assert [a.title for a in actions] == [
        "Split into builder and final stages",
        "Split into builder and distroless final stages",
    ]
    assert (
        apply(text, actions[1].edit.document_changes[0].edits)
        == """FROM golang:1.23 AS builder
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o app .

FROM gcr.io/distroless/static-debian13:nonroot
COPY --from=builder /src /src
WORKDIR /src
USER nobody
CMD ["./app"]
"""
    )
