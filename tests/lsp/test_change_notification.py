"""A ``didChange`` notification in the form the converter reads is made without it
(``change_notification``): the very objects the converter makes; any other is the converter's."""

from __future__ import annotations

import copy
import json

import pytest
from lsprotocol import types
from pygls.protocol import default_converter
from stanzalint.lsp.change_notification import plain_did_change
from stanzalint.lsp.server import create_server

CONVERTER = default_converter()


def _message(*changes: dict) -> dict:
    return {
        "jsonrpc": "2.0",
        "method": "textDocument/didChange",
        "params": {
            "textDocument": {"uri": "file:///project/Dockerfile", "version": 7},
            "contentChanges": list(changes),
        },
    }


def _range(line: object = 3, character: object = 12) -> dict:
    return {"start": {"line": line, "character": character}, "end": {"line": 3, "character": 13}}


KEYSTROKE = {"range": _range(), "text": "p"}
READ_HERE = [
    _message(KEYSTROKE),
    _message({"range": _range(), "rangeLength": 1, "text": ""}),
    _message({"text": "FROM alpine\nRUN echo \U0001f433\n"}),
    _message(KEYSTROKE, {"text": "FROM alpine\n"}, {"range": _range(0, 0), "text": "# x\n"}),
    _message(),
]


def _with(message: dict, path: tuple, value: object) -> dict:
    """``message`` with the value at ``path`` replaced (a key removed when ``value`` is ...)."""
    changed = copy.deepcopy(message)
    target = changed
    for step in path[:-1]:
        target = target[step]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return changed


CONVERTER_READS = [
    _with(READ_HERE[0], ("params", "textDocument", "version"), "7"),
    _with(READ_HERE[0], ("params", "textDocument", "version"), None),
    _with(READ_HERE[0], ("params", "contentChanges", 0, "range", "start", "line"), 3.0),
    _with(READ_HERE[0], ("params", "contentChanges", 0, "range", "start", "line"), True),
    _with(READ_HERE[0], ("params", "contentChanges", 0, "range", "start", "line"), -1),
    _with(READ_HERE[0], ("params", "contentChanges", 0, "range", "start", "character"), 2**31),
    _with(READ_HERE[0], ("params", "contentChanges", 0, "range"), None),
    _with(READ_HERE[0], ("params", "contentChanges", 0, "rangeLength"), None),
    _with(READ_HERE[0], ("params", "contentChanges", 0, "text"), 5),
    _with(READ_HERE[0], ("params", "contentChanges", 0, "note"), "x"),
    _with(READ_HERE[0], ("params", "contentChanges", 0, "range", "start", "column"), 1),
    _with(READ_HERE[0], ("params", "textDocument", "languageId"), "dockerfile"),
    _with(READ_HERE[0], ("params", "contentChanges"), None),
    _with(READ_HERE[0], ("params", "extra"), 1),
    _with(READ_HERE[0], ("jsonrpc",), 2),
]


@pytest.mark.parametrize("message", READ_HERE)
def test_a_did_change_in_the_converters_form_is_made_as_the_converter_makes_it(message):
    made = plain_did_change(message)
    assert made is not None
    assert made == CONVERTER.structure(message, types.DidChangeTextDocumentNotification)
    assert [type(change) for change in made.params.content_changes] == [
        types.TextDocumentContentChangeWholeDocument
        if change.keys() == {"text"}
        else types.TextDocumentContentChangePartial
        for change in message["params"]["contentChanges"]
    ]


@pytest.mark.parametrize("message", CONVERTER_READS)
def test_any_other_did_change_is_left_to_the_converter(message):
    assert plain_did_change(message) is None


@pytest.mark.parametrize("message", READ_HERE + CONVERTER_READS)
def test_the_server_reads_every_did_change_as_the_converter_does(message):
    """Made here or by the converter, the server reads the very notification pygls' own reading
    gives; one the converter cannot read is the server's invalid message, as before."""
    protocol = create_server().protocol
    read = protocol.parse(json.dumps(message).encode())
    try:
        expected = CONVERTER.structure(message, types.DidChangeTextDocumentNotification)
    except Exception:
        assert getattr(read, "method", None) == "$/stanzalint/invalidMessage"
    else:
        assert read == expected
