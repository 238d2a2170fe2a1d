"""The published diagnostics' JSON (built by ``DiagnosticEncoder``, reusing unchanged diagnostics)
is exactly what the protocol's serialisation of ``to_diagnostics`` gives, edit after edit."""

from __future__ import annotations

import asyncio
import dataclasses
import glob
import json
import os

import pytest
from in_process import Collected, receive
from lsprotocol import types
from pygls.protocol import default_converter
from repo_paths import REPO_ROOT
from stanzalint.config import Config
from stanzalint.engine import lint, rule_url
from stanzalint.lsp import diagnostic_json
from stanzalint.lsp.diagnostic_json import DiagnosticEncoder
from stanzalint.lsp.diagnostics import to_diagnostics
from stanzalint.lsp.positions import UTF8, UTF16, UTF32, PositionMap
from stanzalint.lsp.server import create_server

CONVERTER = default_converter()
URI = "file:///project/Dockerfile"

UNICODE = (
    "FROM ubuntu\n"
    'LABEL note="caf\u00e9 \U0001f433 \U00010348" maintainer=x\n'
    "MAINTAINER \U0001f433 someone\n"
    "RUN echo \U0001f433 && apt-get install -y curl && cd /tmp\n"
    "ARG UNUSED\n"
)


def _expected(text: str, encoding: str, version):
    config = Config()
    result = lint(text, config)
    diagnostics = to_diagnostics(result, encoding, URI, version, config)
    params = types.PublishDiagnosticsParams(uri=URI, diagnostics=diagnostics, version=version)
    return result, CONVERTER.unstructure(params)


def _notification(encoder: DiagnosticEncoder, *message_args) -> str:
    """The notification ``encoder.message(*message_args)`` writes, as one text."""
    return b"".join(encoder.message(*message_args)).decode("ascii")


def _encoded(encoder: DiagnosticEncoder, result, encoding: str, version):
    body = _notification(
        encoder, result.violations, PositionMap(result.dockerfile.lines, encoding), URI, version, rule_url
    )
    message = json.loads(body)
    assert body.isascii()
    assert message["method"] == "textDocument/publishDiagnostics"
    return message["params"]


def _examples():
    return sorted(glob.glob(os.path.join(REPO_ROOT, "examples", "*", "*.Dockerfile")))


@pytest.mark.parametrize("encoding", [UTF16, UTF8, UTF32])
def test_unicode_document_in_every_encoding(encoding):
    result, expected = _expected(UNICODE, encoding, 3)
    assert {d["code"] for d in expected["diagnostics"]} >= {"DL4000", "DL3003"}
    assert any(d.get("tags") for d in expected["diagnostics"])
    assert _encoded(DiagnosticEncoder(), result, encoding, 3) == expected


def test_every_example_file_matches_and_reuse_stays_exact():
    files = _examples()
    assert len(files) >= 18
    encoder = DiagnosticEncoder()
    for version, path in enumerate(files, start=1):
        text = open(path, encoding="utf-8").read()
        result, expected = _expected(text, UTF16, version)
        assert _encoded(encoder, result, UTF16, version) == expected, path
        # an edit on the first line: the diagnostics after it are reused, the version is new
        edited = text.replace("\n", " \n", 1)
        result, expected = _expected(edited, UTF16, version + 100)
        assert _encoded(encoder, result, UTF16, version + 100) == expected, path
        # and back: still exact
        result, expected = _expected(text, UTF16, None)
        assert _encoded(encoder, result, UTF16, None) == expected, path


def test_related_information_and_fixes_are_encoded():
    text = "FROM python:3.12-slim\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n"
    result, expected = _expected(text, UTF16, 1)
    encoded = _encoded(DiagnosticEncoder(), result, UTF16, 1)
    assert encoded == expected
    sz301 = [d for d in encoded["diagnostics"] if d["code"] == "SZ301"]
    assert sz301 and sz301[0]["relatedInformation"][0]["location"]["range"]["start"]["line"] == 2
    assert {"version": 1} in [d.get("data") for d in encoded["diagnostics"]]  # a fix: its quick fix is version 1's


def _edits(text: str):
    """A typing session over ``text``: characters typed and erased inside a word in the middle,
    then at the start and the end (the edit moving across the file), a line broken and joined
    again, a line break typed between a ``\\r`` and its ``\\n``, and a line deleted."""
    middle = text.find(" ", len(text) // 2)
    yield text[:middle] + "x" + text[middle:]
    yield text[:middle] + "xy" + text[middle:]
    yield text
    yield "# a\u00e9\U0001f433\n" + text  # a line added above everything
    yield text
    yield text[:middle] + "\n" + text[middle:]  # a line broken: the findings after it move down
    yield text
    yield text + "RUN cd /tmp\n"
    yield text.replace("\n", "\r\n")
    crlf = text.replace("\n", "\r\n")
    at = crlf.find("\r\n", len(crlf) // 3) + 1
    yield crlf[:at] + "\n" + crlf[at:]  # between \r and \n: a lone \r ends a line for the client
    yield crlf
    second = text.find("\n") + 1
    yield text[:second] + text[text.find("\n", second) + 1 :]


@pytest.mark.parametrize("encoding", [UTF16, UTF8])
def test_reused_diagnostics_stay_exact_as_edits_move_them_by_characters_and_by_lines(encoding):
    files = _examples()
    encoder = DiagnosticEncoder()
    version = 0
    for path in files:
        text = open(path, encoding="utf-8").read()
        for edited in [text, *_edits(text)]:
            version += 1
            result, expected = _expected(edited, encoding, version)
            assert _encoded(encoder, result, encoding, version) == expected, (path, version)


def test_a_new_documentation_link_is_sent_for_unchanged_diagnostics():
    result, _ = _expected(UNICODE, UTF16, 1)
    encoder = DiagnosticEncoder()
    positions = PositionMap(result.dockerfile.lines)
    _notification(encoder, result.violations, positions, URI, 1, lambda code: f"https://a.example/{code}")
    body = _notification(encoder, result.violations, positions, URI, 2, lambda code: f"https://b.example/{code}")
    links = {d["codeDescription"]["href"] for d in json.loads(body)["params"]["diagnostics"]}
    assert links and all(link.startswith("https://b.example/") for link in links)


def test_a_pulled_report_is_the_straightforward_report_edit_after_edit():
    """A client that pulls diagnostics gets them from the same encoder as a push, in JSON: what
    the protocol would write for the report ``to_diagnostics`` makes."""
    server = create_server()
    server.store.shellcheck.enabled = lambda config: False  # its findings come later, or not at all
    out = Collected()
    server.protocol.set_writer(out, include_headers=False)
    uri = "file:///pulled/Dockerfile"
    text = open(_examples()[0], encoding="utf-8").read()
    capabilities = {
        "textDocument": {
            "diagnostic": {},
            "publishDiagnostics": {"relatedInformation": True, "codeDescriptionSupport": True},
        }
    }

    async def pull(request_id: int) -> dict:
        receive(
            server, {"id": request_id, "method": "textDocument/diagnostic", "params": {"textDocument": {"uri": uri}}}
        )
        for _ in range(500):
            answer = next((m for m in out.messages if m.get("id") == request_id), None)
            if answer is not None:
                return answer
            await asyncio.sleep(0.01)
        raise AssertionError("no answer")

    async def session() -> None:
        receive(
            server,
            {
                "id": 1,
                "method": "initialize",
                "params": {"processId": None, "rootUri": None, "capabilities": capabilities},
            },
        )
        receive(server, {"method": "initialized", "params": {}})
        opened = {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}
        receive(server, {"method": "textDocument/didOpen", "params": {"textDocument": opened}})
        for version, edited in enumerate([text, *_edits(text)], start=1):
            if version > 1:
                change = {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": edited}]}
                receive(server, {"method": "textDocument/didChange", "params": change})
            answer = await pull(100 + version)
            report = answer["result"]
            config = Config(shellcheck=False)
            items = to_diagnostics(lint(edited, config), UTF16, uri, version, config)
            expected = types.RelatedFullDocumentDiagnosticReport(items=items, result_id=report["resultId"])
            assert report == CONVERTER.unstructure(expected), version
            assert answer["jsonrpc"] == "2.0"

    try:
        asyncio.run(session())
    finally:
        server.store.shutdown()


def _memo_session(encoding: str, code_descriptions: bool = True):
    """(result, expected) for each text of a typing session over every example, each linted as
    the server lints: on the last parse and analysis, through one findings memo, so findings
    before an edit are the very objects the last lint returned."""
    from stanzalint.engine import prepare
    from stanzalint.findings_memo import FindingsMemo

    config = Config()
    version = 0
    for path in _examples():
        text = open(path, encoding="utf-8").read()
        memo, previous = FindingsMemo(), None
        for edited in [text, *_edits(text)]:
            version += 1
            parsed = prepare(edited, config, previous)
            result = lint(edited, config, parsed=parsed, memo=memo)
            previous = parsed[1]
            diagnostics = to_diagnostics(result, encoding, URI, version, config, code_descriptions=code_descriptions)
            params = types.PublishDiagnosticsParams(uri=URI, diagnostics=diagnostics, version=version)
            yield result, version, CONVERTER.unstructure(params)


def _server_links():
    """Documentation links as the server gives them: one string per code, the same each time."""
    links: dict[str, str] = {}
    return lambda code: links.setdefault(code, rule_url(code))


@pytest.mark.parametrize("encoding,linked", [(UTF16, True), (UTF8, True), (UTF16, False)])
def test_findings_shared_with_the_last_lint_stay_exact_edit_after_edit(encoding, linked):
    """Reused or not, each notification is ``to_diagnostics``'s, with the rules' links for a
    client that takes them (``urls``) and without for one that does not (None)."""
    encoder, links = DiagnosticEncoder(), _server_links() if linked else None
    for result, version, expected in _memo_session(encoding, code_descriptions=linked):
        positions = PositionMap(result.dockerfile.lines, encoding)
        body = _notification(encoder, result.violations, positions, URI, version, links)
        assert json.loads(body)["params"] == expected, version


def _counting_encodes(monkeypatch) -> list[str]:
    """The codes of the diagnostics encoded from here on (not reused)."""
    encoded: list[str] = []
    encode = diagnostic_json._encode
    monkeypatch.setattr(diagnostic_json, "_encode", lambda v, *args: encoded.append(v.code) or encode(v, *args))
    return encoded


def test_findings_published_again_unchanged_are_not_encoded_again(monkeypatch):
    result = lint(UNICODE, Config())
    encoder, links = DiagnosticEncoder(), _server_links()
    positions = PositionMap(result.dockerfile.lines)
    first = _notification(encoder, result.violations, positions, URI, 1, links)
    encoded = _counting_encodes(monkeypatch)
    second = _notification(encoder, result.violations, positions, URI, 2, links)
    assert len(result.violations) > 5
    assert encoded == []
    assert second == first.replace('"version":1}', '"version":2}').replace('"version":1,', '"version":2,')


def test_a_keystroke_encodes_only_the_diagnostics_with_a_place_from_the_edit_to_the_end_of_its_line(monkeypatch):
    """Typing inside a word: the findings before the edit are the last lint's, those after its
    line moved by one character; only the diagnostics with a place from the edit to the end of
    its line are encoded again (the package name typed in, and the next RUN's fix, which joins
    it to this line by deleting the line break)."""
    from stanzalint.engine import prepare
    from stanzalint.findings_memo import FindingsMemo

    text = (
        "FROM ubuntu\nMAINTAINER someone\n"
        "RUN apt-get update && apt-get install -y curl\nRUN cd /tmp && wget http://example.com/x\n"
        "RUN apt-get install -y vim\nRUN sudo make\nCOPY a.tar /a\n"
    )
    at = text.index("vim") + 1
    edited = text[:at] + "x" + text[at:]
    config, memo, encoder, links = Config(shellcheck=False), FindingsMemo(), DiagnosticEncoder(), _server_links()
    parsed = prepare(text, config)
    result = lint(text, config, parsed=parsed, memo=memo)
    _notification(encoder, result.violations, PositionMap(result.dockerfile.lines), URI, 1, links)
    encoded = _counting_encodes(monkeypatch)
    result = lint(edited, config, parsed=prepare(edited, config, parsed[1]), memo=memo)
    body = _notification(encoder, result.violations, PositionMap(result.dockerfile.lines), URI, 2, links)
    assert sorted(encoded) == ["DL3008", "DL3059"]
    assert len(result.violations) == 11
    assert json.loads(body)["params"] == _expected(edited, UTF16, 2)[1]


def test_an_erase_that_brings_back_a_text_sent_lately_reuses_that_notification(monkeypatch):
    """A word typed, then erased a character at a time: each erase brings back a text sent a
    few keystrokes ago, whose diagnostics are all reused (none encoded again), and each
    notification is byte for byte what a fresh encoder writes. A finding that changed since
    that text was sent (its message here) is encoded again."""
    from stanzalint.engine import prepare
    from stanzalint.findings_memo import FindingsMemo

    text = (
        "FROM ubuntu\nMAINTAINER someone\n"
        "RUN apt-get update && apt-get install -y curl\nRUN cd /tmp && wget http://example.com/x\n"
        "RUN apt-get install -y vim\nRUN sudo make\nCOPY a.tar /a\n"
    )
    at = text.index("vim") + 1
    config, memo, encoder, links = Config(shellcheck=False), FindingsMemo(), DiagnosticEncoder(), _server_links()
    encoded = _counting_encodes(monkeypatch)
    previous = None
    for version, typed in enumerate(["", "p", "pk", "pkg", "pk", "p", ""], start=1):
        edited = text[:at] + typed + text[at:]
        parsed = prepare(edited, config, previous)
        previous = parsed[1]
        result = lint(edited, config, parsed=parsed, memo=memo)
        positions = PositionMap(result.dockerfile.lines)
        encoded.clear()
        body = _notification(encoder, result.violations, positions, URI, version, links)
        if version > 4:  # an erase
            assert encoded == [], version
        assert body == _notification(DiagnosticEncoder(), result.violations, positions, URI, version, links)
    changed = list(result.violations)
    changed[2] = dataclasses.replace(changed[2], message="another message")
    encoded.clear()
    body = _notification(encoder, changed, positions, URI, 8, links)
    assert encoded == [changed[2].code]
    assert body == _notification(DiagnosticEncoder(), changed, positions, URI, 8, links)


@pytest.mark.parametrize("related", [True, False])
def test_the_json_is_byte_for_byte_what_a_fresh_encoder_writes_edit_after_edit(related):
    """Whatever was reused, each notification is the very text an encoder that reuses nothing
    writes for the same findings."""
    encoder, links = DiagnosticEncoder(), _server_links()
    for result, version, _expected_params in _memo_session(UTF16):
        positions = PositionMap(result.dockerfile.lines, UTF16)
        body = _notification(encoder, result.violations, positions, URI, version, links, related)
        fresh = _notification(DiagnosticEncoder(), result.violations, positions, URI, version, links, related)
        assert body == fresh, version


def test_the_same_finding_after_an_edit_before_it_gets_its_new_place():
    """A finding object sent before is not taken as sent when the text before it changed: its
    offsets now name another line."""
    text = "FROM ubuntu\nRUN cd /tmp && apt-get install curl\n"
    result = lint(text, Config())
    encoder, links = DiagnosticEncoder(), _server_links()
    first = _notification(encoder, result.violations, PositionMap(result.dockerfile.lines), URI, 1, links)
    edited = "\n" + text[:-1]  # a line added above, same length: the offsets stay, the lines move
    moved = dataclasses.replace(result, dockerfile=lint(edited, Config()).dockerfile)
    body = _notification(encoder, moved.violations, PositionMap(moved.dockerfile.lines), URI, 2, links)
    diagnostics = to_diagnostics(moved, UTF16, URI, 2, Config())
    expected = CONVERTER.unstructure(types.PublishDiagnosticsParams(uri=URI, diagnostics=diagnostics, version=2))
    assert json.loads(body)["params"] == expected
    lines = [d["range"]["start"]["line"] for d in json.loads(body)["params"]["diagnostics"]]
    assert lines and lines == [d["range"]["start"]["line"] + 1 for d in json.loads(first)["params"]["diagnostics"]]


def test_a_finding_that_loses_or_gains_its_fix_is_sent_again_and_one_whose_fix_changed_is_not():
    """A diagnostic says whether it has a fix (its ``data``), not what the fix is: after an edit
    before it, the same finding with no fix is sent without ``data``, with a fix again with it, and
    with a fix whose edits differ, as it was sent."""
    encoder, links = DiagnosticEncoder(), _server_links()

    def sent(version, change_fix):
        text = f"FROM ubuntu:22.{version:02}\nMAINTAINER Jane <j@example.com>\n"  # edited before the finding
        result = lint(text, Config())
        violations = [
            dataclasses.replace(v, fix=change_fix(v.fix)) if v.code == "DL4000" else v for v in result.violations
        ]
        positions = PositionMap(result.dockerfile.lines)
        body = _notification(encoder, violations, positions, URI, version, links)
        assert body == _notification(DiagnosticEncoder(), violations, positions, URI, version, links)
        (diagnostic,) = [d for d in json.loads(body)["params"]["diagnostics"] if d["code"] == "DL4000"]
        return diagnostic.get("data")

    def other_edit(fix):
        return dataclasses.replace(fix, edits=[dataclasses.replace(fix.edits[0], text="LABEL x=y")])

    kept, dropped, explained = (lambda fix: fix), (lambda fix: None), (lambda fix: dataclasses.replace(fix, edits=[]))
    assert [sent(1, kept), sent(2, dropped), sent(3, kept), sent(4, other_edit), sent(5, explained)] == [
        {"version": 1},
        None,
        {"version": 3},
        {"version": 4},
        None,  # a fix that only explains: nothing to apply
    ]


@pytest.mark.parametrize("seed", [1, 2])
def test_random_edits_publish_what_a_fresh_encoder_writes(seed):
    """Characters, line breaks, continuations, comments and variables typed or deleted anywhere
    (findings come and go before, inside and after the edit, lines are added and removed): each
    notification is byte for byte what an encoder that reuses nothing writes."""
    import random

    from stanzalint.engine import prepare
    from stanzalint.findings_memo import FindingsMemo

    rnd = random.Random(seed)
    config, links = Config(shellcheck=False), _server_links()
    for path in rnd.sample(_examples(), 6):
        text = open(path, encoding="utf-8").read()
        memo, encoder, previous = FindingsMemo(), DiagnosticEncoder(), None
        encoding, related = rnd.choice([UTF16, UTF8]), rnd.random() < 0.8
        for version in range(20):
            if version:
                at = rnd.randrange(len(text) + 1)
                if rnd.random() < 0.5:
                    text = text[:at] + rnd.choice(["x", " ", "\n", "\\\n", "$A", "#", "\u00e9", "\r\n"]) + text[at:]
                else:
                    text = text[:at] + text[at + rnd.randint(1, 3) :]
            parsed = prepare(text, config, previous)
            previous = parsed[1]
            result = lint(text, config, parsed=parsed, memo=memo)
            positions = PositionMap(result.dockerfile.lines, encoding)
            body = _notification(encoder, result.violations, positions, URI, version, links, related)
            fresh = _notification(DiagnosticEncoder(), result.violations, positions, URI, version, links, related)
            assert body == fresh, (path, version)


def test_the_bytes_written_are_the_header_and_the_notification_edit_after_edit():
    """What the server writes for a publish, from the encoder's pieces, is byte for byte the
    framed notification an encoder that reuses nothing writes, its length counted in bytes."""

    class Written:
        def __init__(self):
            self.messages = []

        def write(self, data):
            self.messages.append(data)

    server, written = create_server(), Written()
    server.protocol.set_writer(written)
    encoder, links = DiagnosticEncoder(), _server_links()
    for result, version, _expected_params in _memo_session(UTF16):
        positions = PositionMap(result.dockerfile.lines, UTF16)
        server.protocol.send_pieces(encoder.message(result.violations, positions, URI, version, links))
        fresh = _notification(DiagnosticEncoder(), result.violations, positions, URI, version, links).encode()
        header = f"Content-Length: {len(fresh)}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"
        assert written.messages.pop() == header.encode() + fresh, version


def test_each_diagnostic_is_written_compactly_with_its_link_only_when_asked():
    """No space after a separator, in the diagnostics as around them; the rule's link only
    when the encoder is given the links."""
    result = lint("FROM ubuntu:22.04\nMAINTAINER someone\n", Config())
    positions = PositionMap(result.dockerfile.lines)
    diagnostic = (
        '{"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":10}},'
        '"message":"MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors","severity":1,'
        '"code":"DL4000",%s"source":"stanzalint","tags":[2],"data":{"version":4}}'
    )
    link = '"codeDescription":{"href":"https://github.com/stanzalint/stanzalint/blob/main/docs/rules/DL4000.md"},'
    head = '{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///project/Dockerfile",'
    for links, sent in ((rule_url, diagnostic % link), (None, diagnostic % "")):
        body = _notification(DiagnosticEncoder(), result.violations, positions, URI, 4, links)
        assert body == head + '"version":4,"diagnostics":[' + sent + "]}}"
        assert DiagnosticEncoder().array(result.violations, positions, URI, 4, links) == "[" + sent + "]"


@pytest.mark.parametrize("version", [7, None])
def test_a_document_without_findings_and_one_with_fixes_are_written_as_the_protocol_writes_them(version):
    """The notification's pieces hold a comma between diagnostics only, and the version in the
    data of each diagnostic with a fix: none for a file without findings, each one's for a file
    with fixes."""
    result, expected = _expected('FROM scratch\nCOPY app /app\nUSER 1000\nENTRYPOINT ["/app"]\n', UTF16, version)
    assert expected["diagnostics"] == []
    assert _encoded(DiagnosticEncoder(), result, UTF16, version) == expected
    result, expected = _expected(UNICODE, UTF16, version)
    assert [d["data"] for d in expected["diagnostics"] if "data" in d][:1] == [{"version": version}]
    assert _encoded(DiagnosticEncoder(), result, UTF16, version) == expected
