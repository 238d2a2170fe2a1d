"""A hostile or sloppy client cannot take the server down or leave it stale: malformed frames and
bodies, wrong parameters, odd URIs and positions, version games, configuration answers that are
missing, null or errors, a second initialize, requests after shutdown, odd line breaks. After
each case a normal document still publishes exactly what ``stanzalint check`` reports for it.

Cases that leave the server usable share one server; the others start their own."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time

import pytest

from rawclient import LiveClient

#: a document whose diagnostics the CLI and the server must agree on (ShellCheck's included)
HEALTH = "FROM debian:12\nRUN echo $FOO\nUSER root\nEXPOSE 99999\n"
SERVE = [sys.executable, "-m", "stanzalint", "serve"]
#: a cache of its own, shared by the CLI and the servers of this module
CACHE = tempfile.mkdtemp(prefix="stanzalint-hostile-")
ENV = {**os.environ, "STANZALINT_CACHE_DIR": CACHE, "STANZALINT_CONFIGURATION_TIMEOUT": "1"}
CONFIGURATION = {"workspace": {"configuration": True}}


def _cli_view(text: str):
    folder = tempfile.mkdtemp(prefix="stanzalint-hostile-cli-")
    path = os.path.join(folder, "Dockerfile")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    out = subprocess.run([sys.executable, "-m", "stanzalint", "check", "--format", "json", path],
                         capture_output=True, text=True, env=ENV, timeout=120).stdout
    return sorted((v["code"], v["message"], v["line"] - 1, v["column"] - 1, v["end_line"] - 1, v["end_column"] - 1)
                  for v in json.loads(out))


def _view(diagnostics):
    return sorted((d["code"], d["message"], d["range"]["start"]["line"], d["range"]["start"]["character"],
                   d["range"]["end"]["line"], d["range"]["end"]["character"]) for d in diagnostics)


@pytest.fixture(scope="module")
def expected():
    view = _cli_view(HEALTH)
    assert "DL3002" in {v[0] for v in view}
    return view


_checks = iter(range(10**6))


def assert_healthy(client: LiveClient, expected) -> None:
    """A new document publishes exactly the CLI's diagnostics, and the server still runs."""
    uri = f"file:///hostile/health-{next(_checks)}/Dockerfile"
    client.open(uri, HEALTH)
    try:
        client.wait_published(uri, 1, timeout=60, until=lambda p: _view(p["diagnostics"]) == expected)
    except AssertionError:
        last = client.published(uri)
        raise AssertionError(f"published {_view(last[-1]['diagnostics']) if last else None}, "
                             f"the CLI reports {expected}\n{client.stderr.decode(errors='replace')[-3000:]}") from None
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert client.proc.poll() is None


def _hover(client: LiveClient, uri: str, line: int = 0, character: int = 1):
    return client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})


def _server(answer=None, capabilities=None, env=ENV) -> LiveClient:
    client = LiveClient(SERVE, env=env, answer=answer)
    client.start(capabilities)
    return client


# --- configuration answers ---------------------------------------------------------------------


@pytest.mark.parametrize("answer", [
    {"result": None},
    {"result": {"select": ["DL3006"]}},
    {"result": "settings"},
    {"error": {"code": -32603, "message": "no settings here"}},
    None,  # never answered
], ids=["null", "object", "string", "error", "no-answer"])
def test_an_unusable_configuration_answer_counts_as_no_settings(answer, expected):
    client = _server(lambda message: answer, CONFIGURATION)
    try:
        assert_healthy(client, expected)
        uri = "file:///hostile/config/Dockerfile"
        client.open(uri, HEALTH)
        assert _hover(client, uri)["result"]["contents"]["value"].startswith("**FROM**")
        assert_healthy(client, expected)
        logged = [m for m in client.notifications if m["method"] == "window/logMessage"]
        assert len(logged) == 1, logged
        assert "workspace/configuration" in logged[0]["params"]["message"]
        assert not [m for m in client.notifications if m["method"] == "window/showMessage"]
    finally:
        client.close()


def test_a_late_configuration_answer_still_applies(expected):
    pending = []
    client = _server(lambda message: pending.append(message), CONFIGURATION)
    try:
        uri = "file:///hostile/late/Dockerfile"
        client.open(uri, HEALTH)  # linted with no settings once the wait timed out
        client.wait_published(uri, 1, until=lambda p: _view(p["diagnostics"]) == expected)
        for request in pending:
            client.send({"jsonrpc": "2.0", "id": request["id"], "result": [{"select": ["DL3002"]}]})
        published = client.wait_published(uri, 1, until=lambda p: {d["code"] for d in p["diagnostics"]} == {"DL3002"})
        assert [d["range"]["start"] for d in published["diagnostics"]] == [{"line": 2, "character": 5}]
    finally:
        client.close()


# --- lifecycle ---------------------------------------------------------------------------------


def _answer_settings(message):
    return {"result": [None] * len(message["params"]["items"])} if message["method"] == "workspace/configuration" else {"result": None}


@pytest.fixture(scope="module")
def shared():
    """One server for the cases that leave it usable."""
    client = _server(_answer_settings, CONFIGURATION)
    yield client
    client.close()


def _no_popups(client: LiveClient) -> None:
    assert not [m for m in client.notifications if m["method"] == "window/showMessage"]


def test_requests_before_initialize_get_server_not_initialized(expected):
    client = LiveClient(SERVE, env=ENV)
    uri = "file:///hostile/early/Dockerfile"
    try:
        client.open(uri, HEALTH)  # dropped: the server has no workspace yet
        assert _hover(client, uri)["error"]["code"] == -32002
        client.start()
        assert _hover(client, uri)["result"] is None
        assert_healthy(client, expected)
        _no_popups(client)
    finally:
        client.close()


def test_a_second_initialize_is_refused_and_documents_keep_working(shared, expected):
    uri = "file:///hostile/twice/Dockerfile"
    shared.open(uri, HEALTH)
    shared.wait_published(uri, 1, until=lambda p: _view(p["diagnostics"]) == expected)
    answer = shared.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    assert answer["error"]["code"] == -32600
    shared.change(uri, 2, [{"range": {"start": {"line": 2, "character": 5}, "end": {"line": 2, "character": 9}}, "text": "app"}])
    published = shared.wait_published(uri, 2)
    assert "DL3002" not in {d["code"] for d in published["diagnostics"]}
    assert _view(published["diagnostics"]) == _cli_view(HEALTH.replace("USER root", "USER app"))
    assert_healthy(shared, expected)
    _no_popups(shared)


def test_requests_after_shutdown_get_invalid_request():
    client = _server()
    try:
        assert client.request("shutdown")["result"] is None
        answer = _hover(client, "file:///hostile/late/Dockerfile")
        assert answer["error"]["code"] == -32600
        client.notify("exit")
        assert client.wait(10) == 0
    finally:
        client.close()


# --- frames and bodies -------------------------------------------------------------------------


def _frame(body: bytes, length=None) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % (len(body) if length is None else length) + body


def _hover_frame(id_: int, uri: str = "file:///hostile/none/Dockerfile", length=None) -> bytes:
    body = json.dumps({"jsonrpc": "2.0", "id": id_, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}}).encode()
    return _frame(body, length)


BROKEN_FRAMES = {
    "length-beyond-any-integer": b"Content-Length: 99999999999999999999999999999\r\n\r\n{}",
    "length-beyond-int64": b"Content-Length: 18446744073709551617\r\n\r\n{}",
    "junk-line": b"hello there\r\n",
    "header-without-length": b"Content-Type: application/vscode-jsonrpc\r\n\r\n{}",
    "not-json": _frame(b"{this is not json"),
    "not-utf8": _frame(b'{"jsonrpc": "2.0", "method": "\xff\xfe"}'),
    "a-number": _frame(b"5"),
    "null": _frame(b"null"),
    "a-string": _frame(b'"initialize"'),
    "a-batch": _frame(b'[{"jsonrpc": "2.0", "id": 1, "method": "shutdown"}]'),
    "no-jsonrpc": _frame(b'{"id": 1, "method": "shutdown"}'),
    "jsonrpc-1": _frame(b'{"jsonrpc": "1.0", "id": 1, "method": "shutdown"}'),
    "no-method": _frame(b'{"jsonrpc": "2.0", "params": {}}'),
    "deep-nesting": _frame(b'{"jsonrpc": "2.0", "method": "x", "params": ' + b"[" * 50000 + b"]" * 50000 + b"}"),
    "answer-to-nothing": _frame(b'{"jsonrpc": "2.0", "id": "never-asked", "result": [1]}'),
    "malformed-error": _frame(b'{"jsonrpc": "2.0", "id": "never-asked", "error": "bad"}'),
    "huge-error-code": _frame(b'{"jsonrpc": "2.0", "id": 5, "error": {"code": 99999999999999999999, "message": "x"}}'),
}


@pytest.mark.parametrize("data", BROKEN_FRAMES.values(), ids=BROKEN_FRAMES.keys())
def test_broken_frames_are_skipped(shared, expected, data):
    shared.write(data)
    assert_healthy(shared, expected)
    _no_popups(shared)


def test_a_short_content_length_resynchronises(shared, expected):
    shared.write(_hover_frame(1, length=20) + _hover_frame(2))
    assert shared.response_to(1)["result"] is None
    assert shared.response_to(2)["result"] is None
    assert_healthy(shared, expected)


def test_a_long_content_length_resynchronises(shared, expected):
    shared.write(_hover_frame(3, length=4000))
    shared.write(_hover_frame(4))
    assert shared.response_to(3)["result"] is None
    assert shared.response_to(4)["result"] is None
    assert_healthy(shared, expected)


def test_exit_during_a_long_lint_ends_the_process_at_once():
    client = _server()
    try:
        uri = "file:///hostile/long/Dockerfile"
        client.open(uri, "FROM debian:12\n" + "RUN echo step && cd /tmp\n" * 20000)
        time.sleep(0.5)  # the lint is under way
        assert client.request("shutdown")["result"] is None
        started = time.monotonic()
        client.notify("exit")
        assert client.wait(20) == 0
        assert time.monotonic() - started < 3
    finally:
        client.close()


# --- parameters ----------------------------------------------------------------------------------

SURROGATE_ESCAPE = re.compile(rb"\\ud[89a-f][0-9a-f]{2}", re.IGNORECASE)


def test_lone_surrogates_are_never_echoed(shared, expected):
    uri = "file:///hostile/surrogates/Dockerfile"
    shared.open(uri, "FROM debian:12\nUSER \ud800x\nLABEL a=\"\udc00\"\n")
    published = shared.wait_published(uri, 1)
    (user,) = [d for d in published["diagnostics"] if d["code"] == "DL3066"]
    assert "\ufffdx" in user["message"]
    assert _hover(shared, uri, 1, 6)["result"] is not None
    symbols = shared.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    assert "\ufffd" in json.dumps(symbols["result"], ensure_ascii=False)
    assert not [body for body in shared.bodies if SURROGATE_ESCAPE.search(body)]
    assert_healthy(shared, expected)


BAD_FIXES = [
    "a fix",
    {"title": 5, "edits": []},
    {"title": "t", "edits": "none"},
    {"title": "t", "edits": [{"range": None, "newText": "x"}]},
    {"title": "t", "edits": [{"range": {"start": {"line": -1, "character": 0}, "end": {"line": 0, "character": 0}},
                              "newText": "x"}]},
    {"title": "t", "edits": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}}]},
]


def test_a_malformed_fix_is_skipped_and_the_others_kept(shared, expected):
    uri = "file:///hostile/fixes/Dockerfile"
    shared.open(uri, HEALTH)
    published = shared.wait_published(uri, 1, until=lambda p: _view(p["diagnostics"]) == expected)
    (good,) = [d for d in published["diagnostics"] if d["code"] == "SZ102"]
    sent = [dict(good, data={"version": 1, "fix": fix}) for fix in BAD_FIXES] + [good]
    answer = shared.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": good["range"],
                                                        "context": {"diagnostics": sent, "only": ["quickfix"]}})
    fixes = [a for a in answer["result"] if not a["title"].startswith("Ignore")]  # commands: no literal support
    assert [a["title"] for a in fixes] == ["Use `debian:12-slim` (unsafe: may change behaviour)"]
    assert fixes[0]["arguments"][0]["documentChanges"][0]["edits"] == good["data"]["fix"]["edits"]
    assert_healthy(shared, expected)


@pytest.mark.parametrize("arguments", [[], [None], [5], ["edit"], [{"documentChanges": 5}], [[{"changes": []}]]],
                         ids=["none", "null", "number", "string", "bad-changes", "list-of-bad"])
def test_bad_apply_edit_arguments_are_invalid_params(shared, expected, arguments):
    answer = shared.request("workspace/executeCommand", {"command": "stanzalint.applyEdit", "arguments": arguments})
    assert answer["error"]["code"] == -32602
    assert_healthy(shared, expected)
    _no_popups(shared)
