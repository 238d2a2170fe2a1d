"""A ``textDocument/codeAction`` request read as plain JSON values, without lsprotocol's converter.

A request over a whole file carries every diagnostic published for it (hundreds): the converter
would make objects of each, and of each range and position in it, and the quick fixes that echo a
diagnostic would make a dict of it again, all to answer one request. Here the diagnostics stay
the dicts the JSON gave.

Only a request already in the form the converter writes back is read here (``plain_request``):
then each diagnostic a quick fix echoes is the client's dict itself, what the converter's round
trip would give. Any other request (a key LSP does not define, a null, a number sent as a
string, a malformed one...) is read by the converter as before, and its parameters made plain
after (``from_lsprotocol``): the same answer, or the same InvalidParams error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from pygls.protocol.json_rpc import JsonRPCRequestMessage

if TYPE_CHECKING:  # pragma: no cover
    from lsprotocol import types

#: the method whose requests are read here
CODE_ACTION = "textDocument/codeAction"
#: the largest line or character LSP allows (``uinteger``)
UINTEGER_MAX = 2**31 - 1


@dataclass(frozen=True)
class ActionParams:
    """What a code action request asks: the document, the range (client positions, as (line,
    character)), the kinds wanted (None: all) and the diagnostics, each as the converter would
    write it back."""

    uri: str
    start: tuple[int, int]
    end: tuple[int, int]
    only: list[str] | None
    diagnostics: list[dict[str, Any]]


def plain_request(data: dict[str, Any]) -> JsonRPCRequestMessage | None:
    """The code action request ``data`` with plain parameters, or None when it is not in the
    form read here (the converter reads it then)."""
    if data.keys() != {"jsonrpc", "id", "method", "params"} or type(data["jsonrpc"]) is not str:
        return None
    if type(data["id"]) not in (int, str):
        return None
    params = _plain_params(data["params"])
    if params is None:
        return None
    return JsonRPCRequestMessage(id=data["id"], method=data["method"], jsonrpc=data["jsonrpc"], params=params)


def from_lsprotocol(params: types.CodeActionParams) -> ActionParams:
    """The plain parameters of a request the converter read."""
    from stanzalint.lsp.actions import converter

    start, end = params.range.start, params.range.end
    context = params.context
    return ActionParams(
        uri=params.text_document.uri,
        start=(start.line, start.character),
        end=(end.line, end.character),
        only=None if context.only is None else list(context.only),
        diagnostics=[converter().unstructure(d) for d in context.diagnostics],
    )


def _plain_params(params: object) -> ActionParams | None:
    """``CodeActionParams`` as plain values, when each of its values has the converter's form."""
    if type(params) is not dict or not _fits(params, _PARAMS, ("textDocument", "range", "context")):
        return None
    start, end, context = params["range"]["start"], params["range"]["end"], params["context"]
    return ActionParams(
        uri=params["textDocument"]["uri"],
        start=(start["line"], start["character"]),
        end=(end["line"], end["character"]),
        only=context.get("only"),
        diagnostics=context["diagnostics"],
    )


def _fits(value: dict[str, Any], checks: dict[str, Callable[[Any], bool]], required: tuple[str, ...]) -> bool:
    """Whether the object ``value`` has the ``required`` keys and only keys ``checks`` names,
    each with a value its check accepts."""
    return all(key in value for key in required) and all(
        key in checks and checks[key](item) for key, item in value.items()
    )


def _is_position(value: object) -> bool:
    return (
        type(value) is dict
        and value.keys() == {"line", "character"}
        and all(type(n) is int and 0 <= n <= UINTEGER_MAX for n in value.values())
    )


def _is_range(value: object) -> bool:
    return (
        type(value) is dict
        and value.keys() == {"start", "end"}
        and _is_position(value["start"])
        and _is_position(value["end"])
    )


def _is_str(value: object) -> bool:
    return type(value) is str


def _is_id(value: object) -> bool:
    """An integer or a string, as a diagnostic's code or a progress token."""
    return type(value) in (int, str)


def _is_json(value: object) -> bool:
    """A JSON value (``data``, kept as it is), with no object the protocol turned into a
    message."""
    if type(value) is dict:
        return all(type(k) is str and _is_json(v) for k, v in value.items())
    if type(value) is list:
        return all(map(_is_json, value))
    return value is None or type(value) in (str, int, float, bool)


def _is_related(value: object) -> bool:
    """A ``DiagnosticRelatedInformation``."""
    if type(value) is not dict or value.keys() != {"location", "message"} or type(value["message"]) is not str:
        return False
    location = value["location"]
    return (
        type(location) is dict
        and location.keys() == {"uri", "range"}
        and type(location["uri"]) is str
        and _is_range(location["range"])
    )


def _is_diagnostic(value: object) -> bool:
    return type(value) is dict and _fits(value, _DIAGNOSTIC, ("range", "message"))


def _list_of(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """A check of a list whose every item ``check`` accepts."""
    return lambda value: type(value) is list and all(map(check, value))


def _one_of(*allowed: int) -> Callable[[Any], bool]:
    """A check of an enumeration's value: an integer among ``allowed``."""
    return lambda value: type(value) is int and value in allowed


#: each key of a ``Diagnostic`` and the check of its value (a null is left to the converter,
#: which drops it)
_DIAGNOSTIC: dict[str, Callable[[Any], bool]] = {
    "range": _is_range,
    "message": _is_str,
    "severity": _one_of(1, 2, 3, 4),
    "code": _is_id,
    "codeDescription": lambda value: type(value) is dict and value.keys() == {"href"} and _is_str(value["href"]),
    "source": _is_str,
    "tags": _list_of(_one_of(1, 2)),
    "relatedInformation": _list_of(_is_related),
    "data": lambda value: value is not None and _is_json(value),
}
_CONTEXT: dict[str, Callable[[Any], bool]] = {
    "diagnostics": _list_of(_is_diagnostic),
    "only": _list_of(_is_str),
    "triggerKind": _one_of(1, 2),
}
_PARAMS: dict[str, Callable[[Any], bool]] = {
    "textDocument": lambda value: type(value) is dict and value.keys() == {"uri"} and _is_str(value["uri"]),
    "range": _is_range,
    "context": lambda value: type(value) is dict and _fits(value, _CONTEXT, ("diagnostics",)),
    "workDoneToken": _is_id,
    "partialResultToken": _is_id,
}
