"""A ``textDocument/didChange`` notification made from its JSON directly, without lsprotocol's
converter.

Every keystroke sends one. The converter finds the structure of each value at run time (the
notification, its parameters, the document, each change as one of two kinds, its range and
positions): tens of microseconds before the edit is even applied. A notification already in
the form the converter reads without conversion (exactly LSP's keys, integers and strings as
such) is made here of the same objects, with the same validation (the classes' own). Any other
(a key LSP does not define, a null, a number sent as a string or a float, a malformed one...)
is left to the converter as before: the same objects, or the same error.
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types

#: the method whose notifications are read here
DID_CHANGE = types.TEXT_DOCUMENT_DID_CHANGE

_MESSAGE_KEYS = {"jsonrpc", "method", "params"}
_PARAMS_KEYS = {"textDocument", "contentChanges"}
_DOCUMENT_KEYS = {"uri", "version"}
_RANGE_KEYS = {"start", "end"}
_POSITION_KEYS = {"line", "character"}


def plain_did_change(data: dict[str, Any]) -> types.DidChangeTextDocumentNotification | None:
    """The notification ``data`` (a ``didChange``, read from JSON) as the converter makes it, or
    None when it is not in the form read here (the converter reads it then)."""
    if data.keys() != _MESSAGE_KEYS or type(data["jsonrpc"]) is not str:
        return None
    params = data["params"]
    if type(params) is not dict or params.keys() != _PARAMS_KEYS:
        return None
    document, changes = params["textDocument"], params["contentChanges"]
    if type(document) is not dict or document.keys() != _DOCUMENT_KEYS or type(changes) is not list:
        return None
    uri, version = document["uri"], document["version"]
    if type(uri) is not str or type(version) is not int:
        return None
    made = tuple(_change(change) for change in changes)  # a tuple, as the converter makes
    if None in made:
        return None
    try:  # the classes' validators: a number out of LSP's range is the converter's to report
        return types.DidChangeTextDocumentNotification(
            params=types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                content_changes=made,  # type: ignore[arg-type]  # None is not in it
            ),
            method=data["method"],
            jsonrpc=data["jsonrpc"],
        )
    except (TypeError, ValueError):
        return None


def _change(change: object) -> types.TextDocumentContentChangeEvent | None:
    """One content change as the converter makes it: a range's (with its length, when sent) or
    the whole document's; None when not in the form read here."""
    if type(change) is not dict or type(change.get("text")) is not str:
        return None
    keys = change.keys()
    if keys == {"text"}:
        return types.TextDocumentContentChangeWholeDocument(text=change["text"])
    if keys != {"range", "text"} and keys != {"range", "text", "rangeLength"}:
        return None
    length, where = change.get("rangeLength"), change["range"]
    if ("rangeLength" in keys and type(length) is not int) or type(where) is not dict or where.keys() != _RANGE_KEYS:
        return None
    start, end = _position(where["start"]), _position(where["end"])
    if start is None or end is None:
        return None
    try:
        return types.TextDocumentContentChangePartial(
            range=types.Range(start=start, end=end), text=change["text"], range_length=length
        )
    except (TypeError, ValueError):
        return None


def _position(position: object) -> types.Position | None:
    """A position as the converter makes it; None when not in the form read here."""
    if type(position) is not dict or position.keys() != _POSITION_KEYS:
        return None
    line, character = position["line"], position["character"]
    if type(line) is not int or type(character) is not int:
        return None
    try:
        return types.Position(line=line, character=character)
    except (TypeError, ValueError):
        return None
