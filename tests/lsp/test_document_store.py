"""What the document store keeps per open document does not grow with the number of edits;
a result a newer one replaced is let go after the server's next message."""

from __future__ import annotations

import gc
import weakref

from fake_answers import AnswersChangeWhenSaid
from stanzalint.lsp.documents import RETIRED_KEPT, DocumentStore
from stanzalint.lsp.recent_results import RECENT_TEXTS
from stanzalint.lsp.server import create_server
from stanzalint.lsp.shellcheck_pass import ShellCheckPass


class NothingKnown(AnswersChangeWhenSaid):
    """A ShellCheck runner that has seen no script yet: every lint waits for ShellCheck."""

    available = True
    version = "test"

    def recall(self, key):
        return None


def test_only_the_newest_result_is_remembered_as_waiting_for_shellcheck(tmp_path):
    store = DocumentStore(lambda message: None)
    store.shellcheck = ShellCheckPass(factory=NothingKnown)
    store.shellcheck.wait_checker(timeout=10)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), "FROM debian:12\nRUN echo 0\n", 1)
    for n in range(1, 40):
        store.set_text(doc, f"FROM debian:12\nRUN echo {n}\n", n + 1)
        store.result_now(doc)
    assert doc.shellcheck_pending == {store.key(doc)}


def test_a_replaced_result_is_let_go_once_the_next_message_is_written(tmp_path):
    """Freeing a large file's old parse and analysis takes milliseconds: the new diagnostics are
    written first. A result is kept while its text is among the last ``RECENT_TEXTS`` (an erase
    may bring it back), then let go after the next write."""
    server = create_server()
    writes: list[bool] = []
    store = server.store
    store.shellcheck.wait_checker(10)  # a result made while ShellCheck starts is not kept
    doc = store.open((tmp_path / "Dockerfile").as_uri(), "FROM debian:12\nRUN echo 0\n", 1)
    old = weakref.ref(store.result_now(doc))
    server.protocol.set_writer(Writer(lambda: writes.append(old() is not None)), include_headers=False)
    for n in range(1, RECENT_TEXTS + 1):
        store.set_text(doc, f"FROM debian:12\nRUN echo {n}\n", n + 1)
        store.result_now(doc)
        gc.collect()
        assert old() is not None
        server.protocol.send_encoded('{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics"}')
        gc.collect()
        assert (old() is None) == (n == RECENT_TEXTS)
    assert writes == [True] * RECENT_TEXTS


def test_replaced_results_wait_for_a_message_a_few_at_most(tmp_path):
    store = DocumentStore(lambda message: None)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), "FROM debian:12\nRUN echo 0\n", 1)
    first = weakref.ref(store.result_now(doc))
    for n in range(1, RETIRED_KEPT + 2):
        store.set_text(doc, f"FROM debian:12\nRUN echo {n}\n", n + 1)
        store.result_now(doc)
    assert first() is None
    assert 0 < len(store.retired) <= RETIRED_KEPT


class Writer:
    def __init__(self, on_write) -> None:
        self.on_write = on_write

    def write(self, data: bytes) -> None:
        self.on_write()

    def close(self) -> None:
        pass


def _typed(store: DocumentStore, doc, line: int, character: int, new: str) -> None:
    """Apply one keystroke to ``doc`` as the ``didChange`` handler does."""
    from lsprotocol import types
    from stanzalint.lsp.text import edit_text

    at = types.Position(line, character)
    change = types.TextDocumentContentChangePartial(range=types.Range(at, at), text=new)
    text, edit = edit_text(doc.text, [change], "utf-16", store.line_starts(doc))
    store.set_text(doc, text, None, edit)


def test_a_keystroke_after_the_lint_of_the_text_takes_its_line_starts_from_the_parse(tmp_path, monkeypatch):
    """The parse of a large file has moved its line starts around the last keystroke already:
    the next keystroke takes them, instead of moving the document's own too."""
    import stanzalint.lsp.text as text_module
    from stanzalint.lsp.positions import line_starts

    moved = []
    edited_line_starts = text_module.edited_line_starts
    monkeypatch.setattr(text_module, "edited_line_starts", lambda *args: moved.append(1) or edited_line_starts(*args))
    store = DocumentStore(lambda message: None)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), "FROM debian:12\nRUN apt-get install curl\nRUN echo\n", 1)
    for line, character, new in [(1, 24, " jq"), (1, 27, "\\\n  "), (3, 2, "x"), (0, 0, "# a\n")]:
        store.result_now(doc)
        assert store.line_starts(doc) == line_starts(doc.text)
        _typed(store, doc, line, character, new)
    store.result_now(doc)
    assert store.line_starts(doc) == line_starts(doc.text)
    assert doc.text == "# a\nFROM debian:12\nRUN apt-get install curl jq\\\n  \nRUxN echo\n"
    assert moved == []


def test_keystrokes_before_the_lint_or_with_a_lone_carriage_return_move_the_line_starts_themselves(
    tmp_path, monkeypatch
):
    """Not read again in the whole text either."""
    import stanzalint.lsp.positions as positions
    from stanzalint.lsp.positions import line_starts

    store = DocumentStore(lambda message: None)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), "FROM debian:12\rRUN echo\nRUN echo\r\n", 1)
    store.result_now(doc)  # a lone \r: the parse's lines are not the client's
    store.line_starts(doc)  # the text as opened: read whole once
    read = []
    monkeypatch.setattr(positions, "line_starts", lambda text: read.append(text) or line_starts(text))
    for n, (line, character, new) in enumerate([(1, 8, " a"), (2, 0, "\n"), (3, 8, "\r"), (0, 4, "\r\n")]):
        _typed(store, doc, line, character, new)
        if n % 2:
            store.result_now(doc)
        assert store.line_starts(doc) == line_starts(doc.text)
    assert doc.text == "FROM\r\n debian:12\rRUN echo a\n\nRUN echo\r\r\n"
    assert read == []


def _typed_together(store: DocumentStore, doc, *keystrokes: tuple[int, int, str]) -> None:
    """Several keystrokes in one ``didChange``, as the handler applies them."""
    from lsprotocol import types
    from stanzalint.lsp.text import edit_text

    changes = [
        types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(line, character), types.Position(line, character)), text=new
        )
        for line, character, new in keystrokes
    ]
    text, edit = edit_text(doc.text, changes, "utf-16", store.line_starts(doc))
    store.set_text(doc, text, None, edit)


def test_the_lint_after_keystrokes_is_told_where_they_changed_the_text(tmp_path, monkeypatch):
    """The re-parse is given the range the client's changes replaced, since the text the last
    lint read: one keystroke, several in one notification, several notifications between two
    lints (the lone ``\\r`` too); found by comparing the texts only after a whole-text change.
    Each result is the one a lint of the text from scratch gives."""
    import stanzalint.syntax.incremental as incremental
    from stanzalint.engine import lint
    from stanzalint.lsp.text import edit_text

    told = []
    compared = incremental._changed_range
    monkeypatch.setattr(
        incremental, "_changed_range", lambda old, new, within=None: told.append(within) or compared(old, new, within)
    )
    store = DocumentStore(lambda message: None)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), "FROM debian:12\nRUN apt-get install curl\nRUN echo\n", 1)
    store.result_now(doc)

    def linted() -> object:
        told.clear()
        result = store.result_now(doc)
        assert result.violations == lint(doc.text, store.config_for(doc), doc.path).violations
        return told[0] if told else "not compared"

    _typed(store, doc, 1, 24, " jq")
    assert linted() == (39, 39, 42)
    _typed_together(store, doc, (2, 8, " a"), (0, 0, "# x\n"))
    assert linted() == (0, 51, 57)  # from the first change's start to the end of the last
    _typed(store, doc, 3, 0, "\r")
    _typed(store, doc, 1, 4, "  ")
    assert linted() == (8, 47, 50)
    text, edit = edit_text(doc.text, [types_whole("FROM debian:13\nRUN echo\n")], "utf-16")
    store.set_text(doc, text, None, edit)
    assert linted() is None  # compared: the client sent the whole text
    assert doc.text == "FROM debian:13\nRUN echo\n"


def types_whole(text: str):
    from lsprotocol import types

    return types.TextDocumentContentChangeWholeDocument(text=text)
