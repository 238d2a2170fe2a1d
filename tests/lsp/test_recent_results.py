"""A text an edit brings back (an erase, an undo) takes the result of its earlier lint again while
everything else the lint reads is the same, and is linted again otherwise; either way the
document's result equals a fresh lint of its text, and once the server has written its message
the memo has linted that text (the next edit's lint is made on it)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import random
import time

import pytest
from fake_answers import AnswersChangeWhenSaid
from repo_paths import CORPUS_ABSENT, CORPUS_DIR
from stanzalint.config import Config
from stanzalint.context.known import KNOWN
from stanzalint.engine import lint, prepare
from stanzalint.lsp.documents import DocumentStore
from stanzalint.lsp.shellcheck_pass import ShellCheckPass
from stanzalint.shellcheck import Finding, scripts_of

TEXT = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN echo $HOME && cd /tmp\n"
#: where a word is typed: inside ``curl``'s line, after ``curl``
AT = TEXT.index("curl") + len("curl")


class Seen(AnswersChangeWhenSaid):
    """A ShellCheck cache knowing the scripts it was shown (``learn``), with findings that follow
    each script's key; nothing about the others."""

    available = True
    version = "test"

    def __init__(self, knows_all: bool = False) -> None:
        self.knows_all = knows_all
        self.seen: set[str] = set()

    def recall(self, key: str) -> list[Finding] | None:
        if not self.knows_all and key not in self.seen:
            return None
        digest = hashlib.sha256(key.encode()).digest()
        return [
            Finding(
                code=2000 + digest[0] % 50,
                level="warning",
                message=key[:12],
                line=1,
                column=1,
                end_line=1,
                end_column=2 + digest[1] % 5,
            )
        ]

    def learn(self, text: str) -> None:
        dockerfile, analysis = prepare(text, Config())
        self.seen.update(script.key(self.version) for script in scripts_of(dockerfile, analysis))
        self.changed()


def _store(checker: Seen) -> DocumentStore:
    store = DocumentStore(lambda message: None)
    store.shellcheck = ShellCheckPass(lambda: checker)
    store.shellcheck.wait_checker(10)
    return store


def _fresh(store: DocumentStore, doc, checker: Seen, text: str | None = None) -> list[tuple]:
    """A fresh lint of ``text`` (the document's), with what ShellCheck knows now."""
    text = doc.text if text is None else text
    dockerfile, analysis = prepare(text, Config())
    known, _complete = ShellCheckPass.known(checker, dockerfile, analysis)
    return shown(lint(text, store.config_for(doc), doc.path, extra=lambda d, a: known).violations)


def shown(found: list) -> list[tuple]:
    return [(v.code, v.span.start, v.span.end, v.message, v.severity, v.fix) for v in found]


def _edit(store: DocumentStore, doc, start: int, end: int, new: str) -> None:
    """Replace ``start:end`` of the document's text with ``new``, as a ``didChange`` does."""
    from lsprotocol import types
    from stanzalint.lsp.text import edit_text

    starts = store.line_starts(doc)

    def position(offset: int) -> types.Position:
        line = max(i for i, s in enumerate(starts) if s <= offset)
        return types.Position(line, len(doc.text[starts[line] : offset].encode("utf-16-le")) // 2)

    change = types.TextDocumentContentChangePartial(range=types.Range(position(start), position(end)), text=new)
    text, edit = edit_text(doc.text, [change], "utf-16", starts)
    store.set_text(doc, text, (doc.version or 0) + 1, edit)


def _linted(store: DocumentStore, doc):
    """The document's result, as the server sends it, then what waits for the write."""
    result = store.result_now(doc)
    store.after_write()
    return result


def _typed_then_erased(store: DocumentStore, doc):
    """A character typed at ``AT`` and linted, then erased: the erase's result, before the write."""
    _edit(store, doc, AT, AT, "x")
    _linted(store, doc)
    _edit(store, doc, AT, AT + 1, "")
    return store.result_now(doc)


def test_erasing_a_word_takes_the_result_of_each_earlier_text_again(tmp_path):
    checker = Seen(knows_all=True)
    store = _store(checker)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), TEXT, 1)
    results = [_linted(store, doc)]
    for k, character in enumerate("pkg"):
        _edit(store, doc, AT + k, AT + k, character)
        results.append(_linted(store, doc))
    for k in reversed(range(3)):
        _edit(store, doc, AT + k, AT + k + 1, "")
        again = store.result_now(doc)
        assert again is results[k]
        assert shown(again.violations) == _fresh(store, doc, checker)
        store.after_write()  # the memo lints the text: the document's result is that lint
        assert doc.result[1] is doc.linted and doc.result[1] is not again
        assert shown(doc.result[1].violations) == shown(again.violations)
    assert doc.text == TEXT


def test_another_text_of_the_same_length_is_linted(tmp_path):
    checker = Seen(knows_all=True)
    store = _store(checker)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), TEXT, 1)
    _linted(store, doc)
    _edit(store, doc, AT, AT, "x")
    typed = _linted(store, doc)
    _edit(store, doc, AT, AT + 1, "y")
    other = _linted(store, doc)
    assert other is not typed
    assert shown(other.violations) == _fresh(store, doc, checker)


def test_the_next_edit_after_a_result_taken_again_is_linted_on_the_memos_lint_of_its_text(tmp_path):
    checker = Seen(knows_all=True)
    store = _store(checker)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), TEXT, 1)
    _linted(store, doc)
    _edit(store, doc, AT, AT, "x")
    _linted(store, doc)
    _edit(store, doc, AT, AT + 1, "")
    _linted(store, doc)
    elsewhere = TEXT.index("/tmp") + len("/tmp")
    _edit(store, doc, elsewhere, elsewhere, "y")
    result = _linted(store, doc)
    assert result.dockerfile.kept_ends(doc.linted.dockerfile) == (3, 0)  # linted on the memo's lint
    assert shown(result.violations) == _fresh(store, doc, checker)


@pytest.mark.parametrize(
    "change",
    [lambda store: store.invalidate(), lambda store: KNOWN.changed()],
    ids=["the settings changed", "the build context changed"],
)
def test_a_text_brought_back_is_linted_again_when(tmp_path, change):
    checker = Seen(knows_all=True)
    store = _store(checker)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), TEXT, 1)
    first = _linted(store, doc)
    _edit(store, doc, AT, AT, "x")
    _linted(store, doc)
    change(store)
    _edit(store, doc, AT, AT + 1, "")
    again = _linted(store, doc)
    assert again is not first
    assert shown(again.violations) == _fresh(store, doc, checker)


def test_a_text_brought_back_waits_for_shellcheck_as_its_lint_did_until_shellcheck_has_seen_its_scripts(tmp_path):
    checker = Seen()
    store = _store(checker)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), TEXT, 1)
    first = _linted(store, doc)
    assert doc.shellcheck_pending == {store.key(doc)}
    _edit(store, doc, AT, AT, "x")
    _linted(store, doc)
    _edit(store, doc, AT, AT + 1, "")
    assert store.result_now(doc) is first  # ShellCheck has still seen none of its scripts
    assert doc.shellcheck_pending == {store.key(doc)}
    store.after_write()
    _edit(store, doc, AT, AT, "x")
    _linted(store, doc)
    checker.learn(TEXT)
    _edit(store, doc, AT, AT + 1, "")
    again = store.result_now(doc)
    assert again is not first
    assert doc.shellcheck_pending == set()
    assert any(v.code.startswith("SC") for v in again.violations)
    assert shown(again.violations) == _fresh(store, doc, checker)


def test_findings_that_changed_before_the_memo_linted_a_text_taken_again_are_handed_back_to_be_sent(
    tmp_path, monkeypatch
):
    checker = Seen(knows_all=True)
    store = _store(checker)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), TEXT, 1)
    _linted(store, doc)
    taken = _typed_then_erased(store, doc)
    linted = store._lint

    def one_finding_less(*args, **kwargs):
        result, complete = linted(*args, **kwargs)
        return type(result)(result.dockerfile, result.analysis, result.violations[1:], result.failures), complete

    monkeypatch.setattr(store, "_lint", one_finding_less)
    changed: list = []
    store.findings_changed = changed.append
    store.after_write()
    assert changed == [doc]
    assert shown(doc.result[1].violations) == shown(taken.violations[1:])


def test_findings_that_changed_before_the_memo_linted_a_text_taken_again_are_published_again(tmp_path, monkeypatch):
    """Through the server's publisher: the erase's diagnostics go out at once, then those of
    the memo's lint when they differ (here made to differ)."""
    from in_process import Collected, receive, run_initialized

    uri = (tmp_path / "Dockerfile").as_uri()

    async def session(server):
        written = Collected()
        server.protocol.set_writer(written, include_headers=False)
        server.store.shellcheck = ShellCheckPass(lambda: Seen(knows_all=True))
        server.store.shellcheck.wait_checker(10)

        async def published(version: int, count: int = 1) -> list:
            for _ in range(500):
                found = [
                    m["params"]["diagnostics"]
                    for m in written.messages
                    if m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version
                ]
                if len(found) >= count:
                    return found
                await asyncio.sleep(0.01)
            raise AssertionError(f"no diagnostics for version {version}")

        def change(version: int, start: int, end: int, new: str) -> None:
            at = len("RUN apt-get update && apt-get install -y curl")
            where = {"start": {"line": 1, "character": at + start}, "end": {"line": 1, "character": at + end}}
            receive(
                server,
                {
                    "method": "textDocument/didChange",
                    "params": {
                        "textDocument": {"uri": uri, "version": version},
                        "contentChanges": [{"range": where, "text": new}],
                    },
                },
            )

        receive(
            server,
            {
                "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": TEXT}},
            },
        )
        opened = (await published(1))[0]
        change(2, 0, 0, "x")
        await published(2)
        store = server.store
        linted = store._lint

        def one_finding_less(*args, **kwargs):
            result, complete = linted(*args, **kwargs)
            return type(result)(result.dockerfile, result.analysis, result.violations[1:], result.failures), complete

        monkeypatch.setattr(store, "_lint", one_finding_less)
        change(3, 0, 1, "")
        first, second = await published(3, 2)
        return opened, first, second

    opened, first, second = run_initialized(session)

    def without_versions(diagnostics: list) -> list:
        return [{key: value for key, value in d.items() if key != "data"} for d in diagnostics]

    assert without_versions(first) == without_versions(opened)  # the result of the text taken again
    assert without_versions(second) == without_versions(opened)[1:]  # the memo's lint, sent as it differs


def test_a_text_brought_back_is_linted_again_when_an_ignore_file_beside_it_changed(tmp_path):
    checker = Seen(knows_all=True)
    store = _store(checker)
    text = "FROM debian:12\nCOPY . /app\nRUN echo $HOME && cd /tmp\n"
    doc = store.open((tmp_path / "Dockerfile").as_uri(), text, 1)
    _linted(store, doc)
    at = text.index("/tmp") + len("/tmp")
    for _ in range(50):  # until the build context's cache holds the directory: the same text takes its result again
        _edit(store, doc, at, at, "x")
        _linted(store, doc)
        first = doc.result[1]
        _edit(store, doc, at, at + 1, "")
        _edit(store, doc, at, at, "x")
        if _linted(store, doc) is first:
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the build context's cache kept changing")
    _edit(store, doc, at, at + 1, "")
    first = _linted(store, doc)
    assert "SZ303" in {v.code for v in first.violations}
    _edit(store, doc, at, at, "x")
    _linted(store, doc)
    (tmp_path / "Dockerfile.dockerignore").write_text(".git\n")
    _edit(store, doc, at, at + 1, "")
    again = _linted(store, doc)
    assert again is not first
    assert "SZ303" not in {v.code for v in again.violations}
    assert shown(again.violations) == _fresh(store, doc, checker)


def test_a_text_linted_while_shellcheck_was_starting_is_linted_again(tmp_path):
    import threading

    started = threading.Event()
    checker = Seen(knows_all=True)

    def slow_start():
        started.wait(10)
        return checker

    store = DocumentStore(lambda message: None)
    store.shellcheck = ShellCheckPass(slow_start)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), TEXT, 1)
    first = _linted(store, doc)
    assert doc.shellcheck_pending == {store.key(doc)}  # what ShellCheck finds once started is to come
    _edit(store, doc, AT, AT, "x")
    _linted(store, doc)
    _edit(store, doc, AT, AT + 1, "")
    again = _linted(store, doc)
    assert again is not first
    assert doc.shellcheck_pending == {store.key(doc)}
    started.set()


def test_a_shellcheck_run_that_answered_nothing_leaves_the_text_waiting_for_shellcheck(tmp_path):
    class Failing(Seen):
        def check(self, scripts):
            return {}  # ShellCheck timed out or crashed

    checker = Failing()
    store = _store(checker)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), TEXT, 1)
    first = _linted(store, doc)
    full = asyncio.run(store.shellcheck_result(doc, store.key(doc), first))
    assert full is not None and doc.shellcheck_pending == set()
    _typed_then_erased(store, doc)
    assert doc.shellcheck_pending == {store.key(doc)}  # asked again, as a fresh lint would be


def test_with_the_memo_busy_after_the_write_the_next_edit_still_gives_a_fresh_lint(tmp_path):
    checker = Seen(knows_all=True)
    store = _store(checker)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), TEXT, 1)
    _linted(store, doc)
    taken = _typed_then_erased(store, doc)
    with doc.memo_lock:
        store.after_write()
    assert doc.result[1] is taken  # not linted again: the memo was another lint's
    elsewhere = TEXT.index("/tmp") + len("/tmp")
    _edit(store, doc, elsewhere, elsewhere, "y")
    assert shown(_linted(store, doc).violations) == _fresh(store, doc, checker)


CORPUS = os.path.isdir(CORPUS_DIR)


@pytest.mark.skipif(not CORPUS, reason=CORPUS_ABSENT)
@pytest.mark.parametrize("seed", [5, 17])
def test_words_typed_and_erased_in_corpus_files_always_give_a_fresh_lint(tmp_path, seed):
    """Words typed character by character anywhere and erased again, other edits in between
    (a line break, an undo of one character), each lint compared with a fresh one."""
    rng = random.Random(seed)
    checker = Seen(knows_all=True)
    store = _store(checker)
    for name in rng.sample(sorted(os.listdir(CORPUS_DIR)), 3):
        with open(os.path.join(CORPUS_DIR, name), encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        doc = store.open((tmp_path / name / "Dockerfile").as_uri(), text, 1)
        _linted(store, doc)
        for _ in range(12):
            at = rng.randrange(len(text) + 1)
            word = rng.choice(["pkg", "x", "y", "\\", " y", "#", "\n", "ab"])
            for k, character in enumerate(word):
                _edit(store, doc, at + k, at + k, character)
                text = text[: at + k] + character + text[at + k :]
                assert shown(_linted(store, doc).violations) == _fresh(store, doc, checker, text)
                assert doc.text == text
            for k in reversed(range(rng.randint(0, len(word)))):
                _edit(store, doc, at + k, at + k + 1, "")
                text = text[: at + k] + text[at + k + 1 :]
                assert shown(_linted(store, doc).violations) == _fresh(store, doc, checker, text)
                assert doc.text == text
        store.close(doc.uri)


def test_through_the_server_each_erase_publishes_a_fresh_lint_and_the_document_answers_after_it(tmp_path):
    """Without ShellCheck's codes (the server's ShellCheck follows its own pace)."""
    from rawclient import LiveClient
    from stanzalint.lsp.positions import PositionMap
    from stanzalint.syntax.model import LineIndex

    settings = {"ignore": ["SC"]}
    client = LiveClient(answer=lambda m: {"result": [settings] * len(m["params"]["items"])})
    path = tmp_path / "Dockerfile"
    uri = path.as_uri()
    try:
        client.start({"workspace": {"configuration": True}})
        client.open(uri, TEXT)
        client.wait_published(uri, 1)
        line, character = 1, len("RUN apt-get update && apt-get install -y curl")
        text, version = TEXT, 1
        for k, (start, end, new) in enumerate(
            [(0, 0, "p"), (1, 1, "k"), (1, 2, ""), (0, 1, ""), (0, 0, "q"), (0, 1, "")]
        ):
            version += 1
            at = {"line": line, "character": character}
            change = {
                "range": {"start": {**at, "character": character + start}, "end": {**at, "character": character + end}},
                "text": new,
            }
            client.change(uri, version, [change])
            text = text[: AT + start] + new + text[AT + end :]
            published = client.wait_published(uri, version)["diagnostics"]
            positions = PositionMap(LineIndex(text), "utf-16")
            expected = [
                (v.code, v.message, *positions.position(v.span.start), *positions.position(v.span.end))
                for v in lint(text, Config(ignore=["SC"]), str(path)).violations
            ]
            assert [
                (d["code"], d["message"], *d["range"]["start"].values(), *d["range"]["end"].values()) for d in published
            ] == expected, k
        assert text == TEXT
        hover = client.request(
            "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 1}}
        )
        assert "RUN" in json.dumps(hover["result"])
    finally:
        client.close()


def test_the_server_watches_the_ignore_file_beside_a_dockerfile():
    """``Dockerfile.dockerignore`` as well as ``.dockerignore``: a change to either lints the
    open documents again, whose results a later erase may otherwise take again."""
    from rawclient import LiveClient

    client = LiveClient()
    try:
        client.start({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}})
        deadline = time.monotonic() + 20
        while not client.server_requests and time.monotonic() < deadline:
            time.sleep(0.01)
        (registration,) = client.server_requests[0]["params"]["registrations"]
        globs = {watcher["globPattern"] for watcher in registration["registerOptions"]["watchers"]}
        assert {"**/.dockerignore", "**/*.dockerignore"} <= globs
    finally:
        client.close()


def test_a_slow_documents_memo_lints_a_text_taken_again_on_a_worker_and_an_edit_meanwhile_wins(tmp_path):
    """The memo's lint of a text taken again goes to a worker when the document's lints are
    slow; an edit made before the worker starts does not have its text stored under the key of
    the text taken again."""
    import threading

    async def session() -> tuple:
        store = _store(Seen(knows_all=True))
        changed: list = []
        store.findings_changed = changed.append
        doc = store.open((tmp_path / "Dockerfile").as_uri(), TEXT, 1)
        await store.result(doc)
        store.after_write()
        _edit(store, doc, AT, AT, "x")
        await store.result(doc)
        store.after_write()
        _edit(store, doc, AT, AT + 1, "")
        taken = await store.result(doc)
        key = store.key(doc)
        doc.lint_seconds = 0.05  # as a large file's lints take
        gate = threading.Event()
        for _ in range(2):
            store.executor.submit(gate.wait, 5)  # both workers busy
        store.after_write()  # the memo's lint of the text waits for a worker
        _edit(store, doc, AT, AT, "y")  # the next keystroke, before that lint is made
        gate.set()
        for _ in range(200):
            await asyncio.sleep(0.01)
            if doc.linted is not None and doc.linted.dockerfile.text == TEXT and doc.linted is not taken:
                break
        return doc.result, key, taken, changed, doc

    (stored_key, stored), key, taken, changed, doc = asyncio.run(session())
    assert (stored_key, stored) == (key, taken)  # still the result taken again, for its own text
    assert doc.linted.dockerfile.text == TEXT  # the memo linted the text taken again, not the newer one
    assert changed == []
