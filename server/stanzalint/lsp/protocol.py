"""The JSON-RPC protocol of the server: pygls' own, hardened against clients that break it."""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import json
import logging
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from typing import Any, Callable, cast

from lsprotocol import types
from pygls.constants import ATTR_EXECUTE_IN_THREAD
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInternalError,
    JsonRpcInvalidParams,
    JsonRpcInvalidRequest,
    JsonRpcServerNotInitialized,
)
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.protocol.json_rpc import (
    JsonRPCNotification,
    JsonRPCProtocol,
    JsonRPCResponseMessage,
    MsgId,
    RPCError,
    RPCMessage,
    RPCNotification,
    RPCRequest,
    RPCResponse,
)

from stanzalint.lsp.action_request import CODE_ACTION, plain_request
from stanzalint.lsp.change_notification import DID_CHANGE, plain_did_change
from stanzalint.lsp.quiet_reclaim import QuietReclaim

log = logging.getLogger("stanzalint.lsp")


class StanzaProtocol(LanguageServerProtocol):
    """pygls' protocol, hardened against clients that break it: a request whose parameters do
    not fit gets an InvalidParams error (pygls would only log it, and the client would wait
    forever), the lifecycle is enforced, the client's answers to our requests are taken as
    sent, lone surrogates never get in, and no handled message's future is kept."""

    #: called after each message written (the server lets go of replaced lint results)
    after_write: Callable[[], None] | None = None
    #: the didChange handler last looked at, and whether it is called as it is (``_plain_did_change``)
    _did_change_checked: tuple[object, bool] = (None, False)
    #: the JSON decoder of message bodies, made once (``parse``)
    _decoder: json.JSONDecoder | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: runs due reclaims of frozen reference cycles while the client is quiet
        self.quiet_reclaim = QuietReclaim()

    def parse(self, body: bytes) -> object:
        """A message body as the handlers take it. Lone surrogates, which only a ``\\udXXX``
        escape can make, become U+FFFD. What ``json.loads`` does, with one decoder for every
        message (``json.loads`` makes one for each call given a hook)."""
        if SURROGATE_ESCAPE.search(body):
            return json.loads(body, object_hook=lambda data: self.structure_message(_cleaned(data)))
        if self._decoder is None:
            self._decoder = json.JSONDecoder(object_hook=self.structure_message)
        return self._decoder.decode(body.decode(json.detect_encoding(body), "surrogatepass"))

    def structure_message(self, data: dict[str, Any]) -> object:
        """The object hook of every JSON object the client sends (innermost first). A code
        action request in the form the converter writes back is read without it
        (``action_request``), and so is a ``didChange`` in the form it reads
        (``change_notification``)."""
        if "jsonrpc" not in data:
            return data  # an object inside a message: as pygls leaves it
        if "id" in data:
            if "method" not in data:
                return self._answer(data)
            if data["method"] == CODE_ACTION:
                request = plain_request(data)
                if request is not None:
                    return request
        elif data.get("method") == DID_CHANGE:
            change = plain_did_change(data)
            if change is not None:
                return change
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if "id" in data and "method" in data:
                error = JsonRpcInvalidParams(f"invalid parameters for {data.get('method')}: {exc.__cause__ or exc}")
                # private ``_send_response``: pygls has no public way to answer a request with an error
                self._send_response(data["id"], error=error.to_response_error())
            return JsonRPCNotification(method="$/stanzalint/invalidMessage", jsonrpc="2.0", params=None)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Iterator[tuple[Callable[..., Any], tuple[types.DidChangeTextDocumentParams], None]]:
        """Hands the change to the server, which keeps the text itself (``stanzalint.lsp.text``):
        pygls's copy would split lines where LSP does not."""
        handler = self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)
        if handler is not None:
            yield handler, (params,), None

    def handle_message(self, message: object) -> None:
        """Hold the client to the protocol and the lifecycle: a request of another JSON-RPC
        version than 2.0 gets InvalidRequest (else it would never be answered); before
        ``initialize`` requests get ServerNotInitialized and notifications are dropped; a second
        ``initialize`` and requests after ``shutdown`` get InvalidRequest (else they would
        replace every open document, or never be answered). Every message keeps a due reclaim
        waiting (``quiet_reclaim``)."""
        self.quiet_reclaim.heard()
        method = getattr(message, "method", None)
        request = method is not None and _is(message, REQUEST)
        problem: JsonRpcException | None = None
        # private ``_workspace`` (None until initialize; the public ``workspace`` raises then) and
        # ``_shutdown`` (set by pygls' shutdown handler, with no public reader)
        version = getattr(message, "jsonrpc", JsonRPCProtocol.VERSION)
        if version != JsonRPCProtocol.VERSION:
            problem = JsonRpcInvalidRequest(f'"jsonrpc" must be "{JsonRPCProtocol.VERSION}", not {version!r}')
        elif method == types.INITIALIZE and self._workspace is not None:
            problem = JsonRpcInvalidRequest("the server is already initialized")
        elif self._workspace is None and method not in (None, types.INITIALIZE, types.EXIT):
            problem = JsonRpcServerNotInitialized(f"{method} before initialize")
        elif self._shutdown and method not in (None, types.EXIT):
            problem = JsonRpcInvalidRequest(f"{method} after shutdown")
        if problem is None:
            self._dispatch(cast(RPCMessage, message))  # not a message: an AttributeError, the caller logs it
        elif request:
            log.warning("client error: %s", problem)
            # private ``_send_response``: see structure_message
            self._send_response(cast(RPCRequest, message).id, error=problem.to_response_error())
        else:
            log.warning("client error, notification dropped: %s", problem)

    def _dispatch(self, message: RPCMessage) -> None:
        """What pygls' ``handle_message`` does: each message to its handler by its kind, in a
        context of its own. The kind is read from the attributes that pygls' runtime-checked
        protocols name (``_is``): ``isinstance`` with such a protocol walks its members every
        time, tens of microseconds each, three times for each keystroke's ``didChange``. Calls
        pygls' private ``_handle_request``, ``_handle_notification`` and ``_handle_response``,
        as its own ``handle_message`` does."""
        if message.jsonrpc != JsonRPCProtocol.VERSION:
            log.warning('Unknown message "%s"', message)
            return
        if self._shutdown and getattr(message, "method", "") != types.EXIT:
            log.warning("Server shutting down. No more requests!")
            return
        context = contextvars.copy_context()
        if _is(message, REQUEST):
            request = cast(RPCRequest, message)
            context.run(self._handle_request, request.id, request.method, request.params)
        elif _is(message, NOTIFICATION):
            notification = cast(RPCNotification, message)
            handler = self._plain_did_change() if notification.method == types.TEXT_DOCUMENT_DID_CHANGE else None
            if handler is not None:
                context.run(self._notify, handler, notification.params)
            else:
                context.run(self._handle_notification, notification.method, notification.params)
        elif _is(message, RESPONSE):
            response = cast(RPCResponse, message)
            context.run(self._handle_response, response.id, response.result)
        else:
            error = cast(RPCError, message)
            context.run(self._handle_response, error.id, None, error.error)

    def _plain_did_change(self) -> Callable[..., Any] | None:
        """The server's didChange handler when it is a plain function, which ``_dispatch``
        calls as it is: for each keystroke pygls would draw two random message ids, make two
        futures with their callbacks and run a generator (``lsp_text_document__did_change``),
        half the cost of handling the keystroke's message. None for a coroutine, a generator
        or a handler pygls runs in a thread: pygls runs those."""
        handler = self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)
        if handler is not self._did_change_checked[0]:
            plain = handler is not None and not (
                asyncio.iscoroutinefunction(handler)
                or inspect.isgeneratorfunction(handler)
                or getattr(handler, ATTR_EXECUTE_IN_THREAD, False)
            )
            self._did_change_checked = (handler, plain)
        return handler if self._did_change_checked[1] else None

    def _notify(self, handler: Callable[..., Any], params: object) -> None:
        """Call a notification's handler; a failure is reported by pygls' private
        ``_check_handler_result``, as when pygls calls the handler."""
        try:
            handler(params)
        except Exception as exc:
            failed: Future[None] = Future()
            failed.set_exception(exc)
            self._check_handler_result(failed)

    def _execute_handler(
        self,
        msg_id: MsgId,
        handler: Callable[..., Any],
        callback: Callable[[Future[Any]], None],
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> None:
        """Run a handler; its future is forgotten once done (pygls keeps the future of every
        notification and of every step of its built-in handlers, for ever). Overrides pygls'
        private ``_execute_handler`` and reads its private ``_request_futures``: pygls has no
        public hook after a handler starts, nor a way to forget a future."""
        super()._execute_handler(msg_id, handler, callback, args, kwargs)
        future = self._request_futures.get(msg_id)
        if future is not None:
            future.add_done_callback(lambda done: self._forget(msg_id, done))

    def _forget(self, msg_id: MsgId, future: Future[Any]) -> None:
        """Drop a done future, after the current step (the callback may run while pygls walks
        the futures, as ``shutdown`` does when it cancels them)."""
        try:
            asyncio.get_running_loop().call_soon(self._drop, msg_id, future)
        except RuntimeError:
            self._drop(msg_id, future)

    def _drop(self, msg_id: MsgId, future: Future[Any]) -> None:
        if self._request_futures.get(msg_id) is future:
            del self._request_futures[msg_id]

    def _answer(self, data: dict[str, Any]) -> JsonRPCResponseMessage | types.ResponseErrorMessage:
        """The client's answer to one of our requests. A result is kept as sent (its reader
        checks its shape: structuring would turn a malformed answer into a different valid
        one); a malformed error is still an error."""
        msg_id = data["id"] if isinstance(data["id"], (str, int)) else None
        if msg_id is not None:
            self._result_types.pop(msg_id, None)  # private: pygls' result type of the request, dropped as pygls would
        if "error" not in data:
            # a malformed id stays None (JSON-RPC's null), for which pygls finds no request waiting
            return JsonRPCResponseMessage(id=msg_id, jsonrpc=data["jsonrpc"], result=data.get("result"))  # type: ignore[arg-type]
        error = data["error"]
        code = error.get("code") if isinstance(error, dict) else None
        if not (isinstance(code, int) and -(2**31) <= code < 2**31 and isinstance(error.get("message"), str)):
            error = {"code": JsonRpcInternalError.CODE, "message": f"malformed error: {error!r:.200}"}
        return types.ResponseErrorMessage(
            id=msg_id, error=types.ResponseError(code=error["code"], message=error["message"])
        )

    def _send_response(
        self, msg_id: MsgId, result: Any | None = None, error: types.ResponseError | None = None
    ) -> None:
        """Answer a request; a result already in JSON (``EncodedResult``) is written as it is.
        Overrides pygls' private ``_send_response``, which every answer goes through."""
        if error is None and isinstance(result, EncodedResult):
            self._result_types.pop(msg_id, None)  # private: as pygls' own answer drops it
            self.send_encoded('{"id":' + json.dumps(msg_id) + ',"jsonrpc":"2.0","result":' + result + "}")
            return
        super()._send_response(msg_id, result, error)

    def send_encoded(self, body: str) -> None:
        """Write a message that is already JSON text (ASCII, as ``json.dumps`` writes it), the way
        the protocol writes the messages it serialises itself."""
        self.send_pieces((body.encode(self.CHARSET),))

    def send_pieces(self, pieces: Sequence[bytes]) -> None:
        """Write a message given as pieces of JSON in order (``DiagnosticEncoder.message``): its
        header and pieces joined once into the bytes written, with no text made of them first."""
        writer = getattr(self, "writer", None)
        if writer is None:
            log.error("no transport to send to")
            return
        if getattr(self, "_include_headers", True):  # private: set by the public ``set_writer``, which has no reader
            header = f"Content-Length: {sum(map(len, pieces))}\r\nContent-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
            pieces = [header.encode(self.CHARSET), *pieces]
        try:
            written = writer.write(b"".join(pieces))
            if inspect.isawaitable(written):
                asyncio.ensure_future(written)
        except BrokenPipeError:
            log.exception("the client closed the connection")
            raise
        self._written()

    def _send_data(self, data: Any) -> None:
        """Write a message, then do what waits for one (``_written``). Overrides pygls' private
        ``_send_data``, the one place every message it writes goes through."""
        super()._send_data(data)
        self._written()

    def _written(self) -> None:
        """After a message is written, so the client has it first: let go of what
        ``after_write`` releases, and see to a due reclaim of frozen reference cycles
        (``quiet_reclaim``)."""
        if self.after_write is not None:
            self.after_write()
        self.quiet_reclaim.written()


#: the attributes pygls' runtime-checked protocols ``RPCRequest``, ``RPCNotification`` and
#: ``RPCResponse`` name (a message with none of these sets is an error, ``RPCError``)
REQUEST = ("id", "method", "jsonrpc", "params")
NOTIFICATION = ("method", "jsonrpc", "params")
RESPONSE = ("id", "jsonrpc", "result")


def _is(message: object, attributes: tuple[str, ...]) -> bool:
    """Whether ``message`` has ``attributes``: what ``isinstance`` with the protocol that names
    them tells for a message, without walking the protocol's members."""
    return all(hasattr(message, name) for name in attributes)


class EncodedResult(str):
    """A request's result already written as JSON text (ASCII, as ``json.dumps`` writes it): the
    protocol sends it as it is instead of serialising an object."""


LONE_SURROGATE = re.compile("[\ud800-\udfff]")
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def without_lone_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (JSON's ``\\ud800`` escapes decode to them) replaced by
    U+FFFD, one UTF-16 unit as well: echoed, they would be escapes that strict JSON parsers
    reject, and they cannot be encoded as UTF-8 at all."""
    return LONE_SURROGATE.sub("\ufffd", text) if _has_lone_surrogate(text) else text


def _cleaned(data: dict[str, Any]) -> dict[str, Any]:
    """A JSON object without lone surrogates in its strings (objects inside are already clean)."""
    if any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in data.items()):
        return {without_lone_surrogates(k): _clean(v) for k, v in data.items()}
    return data


def _has_lone_surrogate(value: object) -> bool:
    """Whether a JSON value has a lone surrogate in a string (objects inside are already clean)."""
    if isinstance(value, str):
        if value.isascii():
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, list):
        return any(_has_lone_surrogate(v) for v in value)
    return False


def _clean(value: object) -> object:
    """A JSON value without lone surrogates in its strings (objects inside are already clean)."""
    if isinstance(value, str):
        return without_lone_surrogates(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value
