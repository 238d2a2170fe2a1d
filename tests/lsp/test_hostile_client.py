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
    out = subprocess.run(
        [sys.executable, "-m", "stanzalint", "check", "--format", "json", path],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    ).stdout
    return sorted(
        (v["code"], v["message"], v["line"] - 1, v["column"] - 1, v["end_line"] - 1, v["end_column"] - 1)
        for v in json.loads(out)
    )


def _view(diagnostics):
    return sorted(
        (
            d["code"],
            d["message"],
            d["range"]["start"]["line"],
            d["range"]["start"]["character"],
            d["range"]["end"]["line"],
            d["range"]["end"]["character"],
        )
        for d in diagnostics
    )


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
        raise AssertionError(
            f"published {_view(last[-1]['diagnostics']) if last else None}, "
            f"the CLI reports {expected}\n{client.stderr.decode(errors='replace')[-3000:]}"
        ) from None
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert client.proc.poll() is None


def _hover(client: LiveClient, uri: str, line: int = 0, character: int = 1):
    return client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}
    )


def _server(answer=None, capabilities=None, env=ENV) -> LiveClient:
    client = LiveClient(SERVE, env=env, answer=answer)
    client.start(capabilities)
    return client


# --- configuration answers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        {"result": None},
        {"result": {"select": ["DL3006"]}},
        {"error": {"code": -32603, "message": "no settings here"}},
        None,  # never answered
    ],
    ids=["null", "object", "error", "no-answer"],
)
def test_an_unusable_configuration_answer_counts_as_no_settings(answer, expected):
    client = _server(lambda message: answer, CONFIGURATION)
    try:
        assert_healthy(client, expected)
        uri = "file:///hostile/config/Dockerfile"
        client.open(uri, HEALTH)
        assert _hover(client, uri)["result"]["contents"]["value"].startswith("**FROM**")
        logged = [m for m in client.notifications if m["method"] == "window/logMessage"]
        assert len(logged) == 1, logged
        assert "workspace/configuration" in logged[0]["params"]["message"]
        _no_popups(client)
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
        asked = len(client.server_requests)
        client.open("file:///hostile/late/again/Dockerfile", HEALTH)  # it answers after all: asked again
        deadline = time.monotonic() + 30
        while len(client.server_requests) == asked and time.monotonic() < deadline:
            time.sleep(0.01)
        assert client.server_requests[-1]["params"]["items"][0]["scopeUri"] == "file:///hostile/late/again/Dockerfile"
    finally:
        client.close()


# --- lifecycle ---------------------------------------------------------------------------------


def _answer_settings(message):
    return (
        {"result": [None] * len(message["params"]["items"])}
        if message["method"] == "workspace/configuration"
        else {"result": None}
    )


@pytest.fixture(scope="module")
def shared():
    """One server for the cases that leave it usable."""
    client = _server(_answer_settings, CONFIGURATION)
    yield client
    client.close()


def _popups(client: LiveClient):
    return [m["params"]["message"] for m in client.notifications if m["method"] == "window/showMessage"]


def _no_popups(client: LiveClient, before: int = 0) -> None:
    """No popup in the user's editor (since the first ``before``): client mistakes are logged."""
    assert _popups(client)[before:] == []


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
    before = len(_popups(shared))
    uri = "file:///hostile/twice/Dockerfile"
    shared.open(uri, HEALTH)
    shared.wait_published(uri, 1, until=lambda p: _view(p["diagnostics"]) == expected)
    answer = shared.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    assert answer["error"]["code"] == -32600
    shared.change(
        uri, 2, [{"range": {"start": {"line": 2, "character": 5}, "end": {"line": 2, "character": 9}}, "text": "app"}]
    )
    published = shared.wait_published(uri, 2)
    assert "DL3002" not in {d["code"] for d in published["diagnostics"]}
    assert _view(published["diagnostics"]) == _cli_view(HEALTH.replace("USER root", "USER app"))
    assert_healthy(shared, expected)
    _no_popups(shared, before)


@pytest.mark.parametrize("version", ["1.0", 2, None])
def test_a_request_of_another_json_rpc_version_gets_invalid_request(shared, expected, version):
    """Answered, not dropped: the client would wait for the answer forever."""
    before = len(_popups(shared))
    shared._next_id += 1
    hover = {"textDocument": {"uri": "file:///hostile/none/Dockerfile"}, "position": {"line": 0, "character": 1}}
    shared.send({"jsonrpc": version, "id": shared._next_id, "method": "textDocument/hover", "params": hover})
    answer = shared.response_to(shared._next_id, timeout=10)
    assert answer["error"]["code"] == -32600
    assert_healthy(shared, expected)
    _no_popups(shared, before)


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
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "id": id_,
            "method": "textDocument/hover",
            "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}},
        }
    ).encode()
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
    "no-jsonrpc": _frame(b'{"id": "no-jsonrpc", "method": "shutdown"}'),
    "jsonrpc-1": _frame(b'{"jsonrpc": "1.0", "id": "jsonrpc-1", "method": "shutdown"}'),
    "no-method": _frame(b'{"jsonrpc": "2.0", "params": {}}'),
    "deep-nesting": _frame(b'{"jsonrpc": "2.0", "method": "x", "params": ' + b"[" * 50000 + b"]" * 50000 + b"}"),
    "answer-to-nothing": _frame(b'{"jsonrpc": "2.0", "id": "never-asked", "result": [1]}'),
    "malformed-error": _frame(b'{"jsonrpc": "2.0", "id": "never-asked", "error": "bad"}'),
    "huge-error-code": _frame(b'{"jsonrpc": "2.0", "id": 5, "error": {"code": 99999999999999999999, "message": "x"}}'),
}


@pytest.mark.parametrize("data", BROKEN_FRAMES.values(), ids=BROKEN_FRAMES.keys())
def test_broken_frames_are_skipped(shared, expected, data):
    before = len(_popups(shared))
    shared.write(data)
    assert_healthy(shared, expected)
    _no_popups(shared, before)


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
    shared.open(uri, 'FROM debian:12\nUSER \ud800x\nLABEL a="\udc00"\n')
    published = shared.wait_published(uri, 1)
    (user,) = [d for d in published["diagnostics"] if d["code"] == "DL3066"]
    assert "\ufffdx" in user["message"]
    assert _hover(shared, uri, 1, 6)["result"] is not None
    symbols = shared.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    assert "\ufffd" in json.dumps(symbols["result"], ensure_ascii=False)
    assert not [body for body in shared.bodies if SURROGATE_ESCAPE.search(body)]
    assert_healthy(shared, expected)


#: what a client could send back in a diagnostic's ``data`` in place of what the server sent
SENT_BACK_DATA = [
    "a fix",
    {"version": 1, "fix": "a fix"},
    {"version": 1, "fix": {"title": "t", "edits": [{"range": None, "newText": "x"}]}},
    {
        "version": 1,
        "fix": {
            "title": "Delete everything",
            "edits": [
                {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}}, "newText": ""}
            ],
        },
    },
    {"version": 2},
    {"version": "1"},
]


#: a document whose SZ102 finding carries a fix (an application on the full variant)
FULL_BASE = 'FROM debian:12\nCOPY app /app\nCMD ["/app"]\n'


def test_a_quick_fix_is_the_servers_whatever_the_client_sends_back_in_data(shared, expected):
    uri = "file:///hostile/fixes/Dockerfile"
    shared.open(uri, FULL_BASE)
    published = shared.wait_published(uri, 1, until=lambda p: any(d["code"] == "SZ102" for d in p["diagnostics"]))
    (good,) = [d for d in published["diagnostics"] if d["code"] == "SZ102"]
    assert good["data"] == {"version": 1}
    sent = [dict(good, data=data) for data in SENT_BACK_DATA] + [good]
    answer = shared.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": good["range"], "context": {"diagnostics": sent, "only": ["quickfix"]}},
    )
    fixes = [a for a in answer["result"] if not a["title"].startswith("Ignore")]  # commands: no literal support
    # the finding's one fix goes to the first diagnostic of this version that shows it: the server's
    # edits, never the client's
    assert [a["title"] for a in fixes] == ["Use `debian:12-slim` (unsafe: may change behaviour)"]
    assert fixes[0]["arguments"][0]["documentChanges"][0]["edits"] == [
        {"range": {"start": {"line": 0, "character": 12}, "end": {"line": 0, "character": 14}}, "newText": "12-slim"}
    ]
    assert_healthy(shared, expected)
    assert_healthy(shared, expected)


@pytest.mark.parametrize(
    "arguments",
    [[], [None], [5], ["edit"], [{"documentChanges": 5}], [[{"changes": []}]]],
    ids=["none", "null", "number", "string", "bad-changes", "list-of-bad"],
)
def test_bad_apply_edit_arguments_are_invalid_params(shared, expected, arguments):
    before = len(_popups(shared))
    answer = shared.request("workspace/executeCommand", {"command": "stanzalint.applyEdit", "arguments": arguments})
    assert answer["error"]["code"] == -32602
    assert_healthy(shared, expected)
    _no_popups(shared, before)


_DOC = "file:///hostile/params/Dockerfile"
_POS = {"line": 0, "character": 1}

WRONG_REQUESTS = {
    "no-params": ("textDocument/hover", None),
    "params-a-list": ("textDocument/hover", [_DOC, _POS]),
    "no-position": ("textDocument/hover", {"textDocument": {"uri": _DOC}}),
    "position-a-string": ("textDocument/hover", {"textDocument": {"uri": _DOC}, "position": "0:1"}),
    "negative-line": ("textDocument/hover", {"textDocument": {"uri": _DOC}, "position": {"line": -1, "character": 0}}),
    "code-action-no-context": (
        "textDocument/codeAction",
        {"textDocument": {"uri": _DOC}, "range": {"start": _POS, "end": _POS}},
    ),
    "rename-no-name": ("textDocument/rename", {"textDocument": {"uri": _DOC}, "position": _POS}),
    "unknown-command": ("workspace/executeCommand", {"command": "nope", "arguments": []}),
}


@pytest.mark.parametrize("method, params", WRONG_REQUESTS.values(), ids=WRONG_REQUESTS.keys())
def test_requests_with_wrong_params_get_invalid_params(shared, expected, method, params):
    before = len(_popups(shared))
    shared.open(_DOC, HEALTH)
    answer = shared.request(method, params)
    assert answer["error"]["code"] == -32602, answer
    assert_healthy(shared, expected)
    _no_popups(shared, before)


UNKNOWN = "file:///hostile/never-opened/Dockerfile"
_RANGE = {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}

WRONG_NOTIFICATIONS = {
    "change-unknown-document": (
        "textDocument/didChange",
        {"textDocument": {"uri": UNKNOWN, "version": 2}, "contentChanges": [{"range": _RANGE, "text": "x"}]},
    ),
    "close-unknown-document": ("textDocument/didClose", {"textDocument": {"uri": UNKNOWN}}),
    "save-unknown-document": ("textDocument/didSave", {"textDocument": {"uri": UNKNOWN}}),
    "open-without-text": (
        "textDocument/didOpen",
        {"textDocument": {"uri": UNKNOWN, "languageId": "dockerfile", "version": 1}},
    ),
    "open-text-a-number": (
        "textDocument/didOpen",
        {"textDocument": {"uri": UNKNOWN, "languageId": "dockerfile", "version": 1, "text": 5}},
    ),
    "change-without-changes": ("textDocument/didChange", {"textDocument": {"uri": _DOC, "version": 2}}),
    "change-a-string": ("textDocument/didChange", {"textDocument": {"uri": _DOC, "version": 2}, "contentChanges": "x"}),
    "configuration-a-string": ("workspace/didChangeConfiguration", {"settings": "loud"}),
    "watched-files-null": ("workspace/didChangeWatchedFiles", None),
    "cancel-unknown-request": ("$/cancelRequest", {"id": "nothing"}),
    "cancel-without-id": ("$/cancelRequest", {}),
    "unknown-method": ("$/stanzalint/nothing", {"x": 1}),
    "set-trace-bad": ("$/setTrace", {"value": "everything"}),
}


@pytest.mark.parametrize("method, params", WRONG_NOTIFICATIONS.values(), ids=WRONG_NOTIFICATIONS.keys())
def test_wrong_notifications_are_logged_not_shown(shared, expected, method, params):
    before = len(_popups(shared))
    shared.open(_DOC, HEALTH)
    shared.notify(method, params)
    assert_healthy(shared, expected)
    _no_popups(shared, before)


def test_bad_settings_are_shown_once_and_the_defaults_used(shared, expected):
    before = len(_popups(shared))
    for _ in range(2):
        shared.notify("workspace/didChangeConfiguration", {"settings": {"stanzalint": {"select": 5}}})
        assert_healthy(shared, expected)
    assert _popups(shared)[before:] == ["stanzalint: editor settings: stanzalint.select: expected a list of strings"]
    shared.notify("workspace/didChangeConfiguration", {"settings": {"stanzalint": {}}})
    assert_healthy(shared, expected)


ODD_URIS = [
    "file:///hostile/a%20b/Dockerfile",
    "file:///hostile/a b/Dockerfile",
    "untitled:Untitled-1",
    "",
    "not a uri",
    "file://server/share/Dockerfile",
    "file:///C:/hostile/Dockerfile",
    "file:///hostile/%E2%82%AC/D%C3%B6ckerfile",
    "file:///hostile/" + "x" * 5000,
    "file:///hostile/%ZZ/Dockerfile",
    "http://example.com/Dockerfile",
    "file:///hostile/😀/Dockerfile",
    "file:///hostile/\ud800/Dockerfile",
]


@pytest.mark.parametrize("uri", ODD_URIS, ids=range(len(ODD_URIS)))
def test_odd_uris_are_served(shared, expected, uri):
    before = len(_popups(shared))
    shared.open(uri, HEALTH)
    published = shared.wait_published(uri.replace("\ud800", "\ufffd"), 1)
    assert "DL3002" in {d["code"] for d in published["diagnostics"]}
    assert _hover(shared, uri)["result"]["contents"]["value"].startswith("**FROM**")
    shared.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert_healthy(shared, expected)
    _no_popups(shared, before)


# --- positions, versions, line breaks ---------------------------------------------------------------

EMOJI_DOC = 'FROM debian:12\nLABEL note="😀😀"\nUSER root\n'
#: (line, character): past the end, far past it, inside a surrogate pair, on the last line's end
ODD_POSITIONS = [(0, 500), (2, 10**6), (10**6, 0), (10**6, 10**6), (1, 13), (1, 15), (3, 0), (2, 2**31 - 1)]


def test_odd_positions_are_clamped(shared, expected):
    before = len(_popups(shared))
    uri = "file:///hostile/positions/Dockerfile"
    shared.open(uri, EMOJI_DOC)
    shared.wait_published(uri, 1)
    for line, character in ODD_POSITIONS:
        position = {"line": line, "character": character}
        where = {"textDocument": {"uri": uri}, "position": position}
        for method, params in (
            ("textDocument/hover", where),
            ("textDocument/completion", where),
            ("textDocument/definition", where),
            ("textDocument/documentHighlight", where),
            ("textDocument/prepareRename", where),
            (
                "textDocument/codeAction",
                {
                    "textDocument": {"uri": uri},
                    "range": {"start": position, "end": position},
                    "context": {"diagnostics": []},
                },
            ),
        ):
            answer = shared.request(method, params)
            assert "result" in answer, (method, position, answer)
    version = 2
    for line, character in ODD_POSITIONS:  # edits there too
        position = {"line": line, "character": character}
        shared.change(uri, version, [{"range": {"start": position, "end": position}, "text": "x"}])
        version += 1
    shared.wait_published(uri, version - 1)
    assert_healthy(shared, expected)
    _no_popups(shared, before)


def test_version_games(shared, expected):
    before = len(_popups(shared))
    uri = "file:///hostile/versions/Dockerfile"
    shared.open(uri, HEALTH, version=5)
    shared.wait_published(uri, 5)
    for version in (3, None, 2**31 - 1, -7, 0):
        text = HEALTH + f"# version {version}\n"
        shared.change(uri, version, [{"text": text}])
        published = shared.wait_published(uri, version)
        assert "DL3002" in {d["code"] for d in published["diagnostics"]}
    shared.change(uri, "seven", [{"text": HEALTH}])  # not a version: dropped
    shared.open(uri, HEALTH + "USER app\n", version=1)  # opened twice: the new text counts
    published = shared.wait_published(uri, 1)
    assert "DL3002" not in {d["code"] for d in published["diagnostics"]}
    assert_healthy(shared, expected)
    _no_popups(shared, before)


LINE_BREAKS = ["\r\n", "\r", "\n\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\r\r\n"]


@pytest.mark.parametrize("brk", LINE_BREAKS, ids=[repr(b) for b in LINE_BREAKS])
def test_odd_line_breaks(shared, expected, brk):
    before = len(_popups(shared))
    uri = f"file:///hostile/breaks-{LINE_BREAKS.index(brk)}/Dockerfile"
    shared.open(uri, brk.join(["FROM debian:12", "# a" + brk + "b", "USER root", "RUN echo hi \\", "  there", ""]))
    shared.wait_published(uri, 1)
    shared.change(
        uri,
        2,
        [
            {"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "text": "x" + brk},
            {"range": {"start": {"line": 0, "character": 4}, "end": {"line": 1, "character": 1}}, "text": brk},
        ],
    )
    shared.wait_published(uri, 2)
    assert "result" in _hover(shared, uri, 3, 1)  # answered, whatever the text became
    shared.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert_healthy(shared, expected)
    _no_popups(shared, before)


def test_an_open_and_its_edits_in_one_write(shared, expected):
    """Messages that arrive together are handled in order: the edits apply to the opened text."""
    uri = "file:///hostile/burst/Dockerfile"
    first, rest = HEALTH.split("\n", 1)
    end = {"line": 1, "character": 0}
    messages = [
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": first + "\n"}},
        }
    ]
    for version, line in enumerate(reversed(rest.splitlines(keepends=True)), start=2):
        messages.append(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didChange",
                "params": {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"range": {"start": end, "end": end}, "text": line}],
                },
            }
        )
    shared.write(b"".join(_frame(json.dumps(m).encode()) for m in messages))
    published = shared.wait_published(
        uri, len(messages), until=lambda p: _view(p["diagnostics"]) == expected, timeout=60
    )
    assert published["version"] == len(messages)
