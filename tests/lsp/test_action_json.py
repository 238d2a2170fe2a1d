"""A code action answer is written as JSON from the request's diagnostics read as plain JSON
(``action_request``, ``actions``): the very answer the converter's reading of the request gives,
and exactly the JSON the converter writes for those actions."""

from __future__ import annotations

import asyncio
import glob
import json
import os

import pytest
from in_process import Collected, receive
from lsprotocol import types
from pygls.protocol import default_converter
from repo_paths import CORPUS_DIR, REPO_ROOT
from stanzalint.lsp.action_request import ActionParams
from stanzalint.lsp.handlers.actions import code_action
from stanzalint.lsp.server import create_server

CONVERTER = default_converter()
URI = "file:///project/Dockerfile"
LITERALS = {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "refactor", "source"]}}}
#: what a request asks for beside the diagnostics: everything, a light bulb's quick fixes and
#: extractions, the source actions (fix all)
ASKED = [{}, {"only": ["quickfix", "refactor.extract"]}, {"only": ["source"]}]

EXAMPLES = sorted(glob.glob(os.path.join(REPO_ROOT, "examples", "*", "bad*.Dockerfile")))
CORPUS = sorted(glob.glob(os.path.join(CORPUS_DIR, "*")))[::80]


class Session:
    """A server in process holding one document, with what it published and answered."""

    def __init__(self, text: str, literal: bool) -> None:
        self.server = create_server()
        self.out = Collected()
        self.server.protocol.set_writer(self.out, include_headers=False)
        self.text = text
        self.literal = literal

    def run(self, steps):
        """``steps(self)`` in the server's event loop, once the document's diagnostics are out."""

        async def main():
            capabilities = {"textDocument": {"codeAction": LITERALS}} if self.literal else {}
            receive(
                self.server,
                {"id": 0, "method": "initialize", "params": {"processId": None, "capabilities": capabilities}},
            )
            document = {"uri": URI, "languageId": "dockerfile", "version": 1, "text": self.text}
            receive(self.server, {"method": "textDocument/didOpen", "params": {"textDocument": document}})
            while not self.diagnostics:
                await asyncio.sleep(0.01)
            return await steps(self)

        try:
            return asyncio.run(main())
        finally:
            self.server.store.shutdown()

    @property
    def diagnostics(self):
        """The diagnostics the server published last (None before any)."""
        sent = [m for m in self.out.messages if m.get("method") == "textDocument/publishDiagnostics"]
        return sent[-1]["params"]["diagnostics"] if sent else None

    async def ask(self, params, msg_id=1):
        """The server's answer to a code action request with ``params``, as the client reads it."""
        receive(self.server, {"id": msg_id, "method": "textDocument/codeAction", "params": params})
        while not [m for m in self.out.messages if m.get("id") == msg_id]:
            await asyncio.sleep(0.01)
        (answer,) = [m for m in self.out.messages if m.get("id") == msg_id]
        return answer

    def params(self, diagnostics, **asked):
        """A code action request's parameters over the whole document."""
        lines = self.text.count("\n") + 1
        everything = {"start": {"line": 0, "character": 0}, "end": {"line": lines, "character": 0}}
        return {"textDocument": {"uri": URI}, "range": everything, "context": {"diagnostics": diagnostics, **asked}}


def _read(path):
    with open(path, encoding="utf-8", errors="replace") as fh:
        return fh.read()


def _converters_answer(session, params):
    """The answer to ``params`` read by lsprotocol's converter (as any request outside the plain
    form is), as JSON."""
    return code_action(session.server, CONVERTER.structure(params, types.CodeActionParams))


def _as_the_converter_writes(answer):
    """The answer's JSON read into lsprotocol's objects and written back by its converter."""
    return CONVERTER.unstructure(CONVERTER.structure(answer, types.CodeActionResponse))


def _same_answers(path, literal):
    async def steps(session):
        for asked in ASKED:
            params = session.params(session.diagnostics, **asked)
            answer = await session.ask(params)
            session.out.messages.remove(answer)
            assert answer == _as_the_converter_writes(answer)
            assert answer["result"] == json.loads(await _converters_answer(session, params))
            assert answer["result"] or asked, "no actions to compare"

    Session(_read(path), literal).run(steps)


@pytest.mark.parametrize("literal", [True, False], ids=["actions", "commands"])
@pytest.mark.parametrize("path", EXAMPLES, ids=[os.path.relpath(p, REPO_ROOT) for p in EXAMPLES])
def test_each_example_gets_the_converters_answer_in_the_converters_json(path, literal):
    _same_answers(path, literal)


@pytest.mark.skipif(not CORPUS, reason="../shared/corpus is absent")
@pytest.mark.parametrize("path", CORPUS, ids=[os.path.basename(p) for p in CORPUS])
def test_corpus_files_get_the_converters_answer_in_the_converters_json(path):
    _same_answers(path, literal=True)


TEXT = "FROM ubuntu\nMAINTAINER Jane <j@example.com>\nRUN apt-get install curl\n"


def test_a_request_in_the_published_form_is_read_as_its_own_json():
    async def steps(session):
        params = session.params(session.diagnostics)
        body = json.dumps({"jsonrpc": "2.0", "id": 7, "method": "textDocument/codeAction", "params": params})
        message = session.server.protocol.parse(body.encode())
        assert message.params == ActionParams(
            uri=URI, start=(0, 0), end=(4, 0), only=None, diagnostics=session.diagnostics
        )

    Session(TEXT, literal=True).run(steps)


#: diagnostics in a form other than the converter's, each with how the converter reads it
OTHER_FORMS = {
    "unknown-key": (lambda d: dict(d, note="x"), lambda d: d),
    "null-severity": (lambda d: dict(d, severity=None), lambda d: {k: v for k, v in d.items() if k != "severity"}),
    "null-data": (lambda d: dict(d, data=None), lambda d: {k: v for k, v in d.items() if k != "data"}),
    "line-a-string": (
        lambda d: dict(d, range=dict(d["range"], start={"line": str(d["range"]["start"]["line"]), "character": 0})),
        lambda d: dict(d, range=dict(d["range"], start={"line": d["range"]["start"]["line"], "character": 0})),
    ),
    "position-with-more": (
        lambda d: dict(d, range=dict(d["range"], end=dict(d["range"]["end"], offset=3))),
        lambda d: d,
    ),
}


@pytest.mark.parametrize("sent, read", OTHER_FORMS.values(), ids=OTHER_FORMS.keys())
def test_diagnostics_in_another_form_are_read_and_echoed_as_the_converter_reads_them(sent, read):
    async def steps(session):
        published = session.diagnostics
        answer = await session.ask(session.params([sent(d) for d in published]))
        expected = await session.ask(session.params([read(d) for d in published]), msg_id=2)
        assert answer["result"] == expected["result"]
        echoed = [d for action in answer["result"] for d in action.get("diagnostics", ())]
        assert echoed and all(d in [read(p) for p in published] for d in echoed)

    Session(TEXT, literal=True).run(steps)


@pytest.mark.parametrize(
    "broken",
    [
        lambda d: {k: v for k, v in d.items() if k != "message"},
        lambda d: dict(d, severity=9),
        lambda d: dict(d, range={"start": {"line": -1, "character": 0}, "end": d["range"]["end"]}),
    ],
    ids=["no-message", "unknown-severity", "negative-line"],
)
def test_a_malformed_diagnostic_gets_invalid_params(broken):
    async def steps(session):
        answer = await session.ask(session.params([broken(d) for d in session.diagnostics]))
        assert answer["error"]["code"] == -32602

    Session(TEXT, literal=True).run(steps)
