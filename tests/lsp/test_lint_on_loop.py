"""How the event loop takes up a document's lint: after a quick lint of the document, an edit
inside one instruction's arguments is linted on the loop itself; another edit is linted by a
worker, and after a quick lint the loop waits for it (at most ``LOOP_WAIT_SECONDS``) and has its
result at once, else it awaits it, free meanwhile; either way the result is a fresh lint's."""

from __future__ import annotations

import asyncio
import threading

from lsprotocol import types
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.lsp import documents
from stanzalint.lsp.documents import DocumentStore
from stanzalint.lsp.text import edit_text

TEXT = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nWORKDIR app\n"
#: typed at the end of the RUN line: it continues the RUN on a new line, so the lint goes to a worker
CONTINUED = " \\\n    wget"


def keystroke(store: DocumentStore, doc: documents.Document, line: int, character: int, typed: str) -> None:
    """The client's incremental change inserting ``typed`` at (line, character)."""
    at = types.Position(line, character)
    change = types.TextDocumentContentChangePartial(range=types.Range(at, at), text=typed)
    text, edit = edit_text(doc.text, [change], "utf-16", store.line_starts(doc))
    store.set_text(doc, text, (doc.version or 0) + 1, edit)


def found(result) -> list[tuple[str, int, int, str]]:
    return [(v.code, v.span.start, v.span.end, v.message) for v in result.violations]


def fresh(text: str) -> list[tuple[str, int, int, str]]:
    return found(lint(text, Config()))


def run(store: DocumentStore, steps) -> None:
    async def main() -> None:
        try:
            await steps()
        finally:
            store.shutdown()

    asyncio.run(main())


def store_held_by(released: threading.Event, held: str = "") -> DocumentStore:
    """A store whose lints of paths ending with ``held`` wait for ``released`` first."""

    def lint_fn(text, config, path):
        if path.endswith(held):
            assert released.wait(10), "the event loop was held"
        return lint(text, config, path)

    return DocumentStore(lambda message: None, lint_fn=lint_fn)


async def linted_through(store: DocumentStore, released: threading.Event, *docs: documents.Document) -> None:
    """The documents' first lints, let through; the lints after them are held again."""
    released.set()
    for doc in docs:
        await store.result(doc)
    released.clear()


async def after_one_turn(awaitable):
    """``awaitable`` as a task, and whether it was done after one turn of the loop."""
    task = asyncio.ensure_future(awaitable)
    await asyncio.sleep(0)
    return task, task.done()


def test_after_a_quick_lint_the_loop_has_the_next_one_at_once(tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "LOOP_WAIT_SECONDS", 10.0)  # however loaded the machine
    store = DocumentStore(lambda message: None)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), TEXT, 1)

    async def steps() -> None:
        await store.result(doc)  # the first lint: its time is not known before
        assert 0 < doc.lint_seconds < float("inf")
        doc.lint_seconds = 0.001  # as quick as a keystroke's (the first lint imports the rules)
        keystroke(store, doc, 1, 50, " wget")
        task, at_once = await after_one_turn(store.result(doc))
        assert at_once
        assert found(task.result()) == fresh(doc.text) != fresh(TEXT)
        assert store.cached(doc) is task.result()

    run(store, steps)


def test_after_a_slow_lint_the_loop_is_free_while_the_next_one_runs(tmp_path):
    store = DocumentStore(lambda message: None)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), TEXT, 1)

    async def steps() -> None:
        await store.result(doc)
        doc.lint_seconds = documents.LOOP_WAIT_SECONDS
        store.set_text(doc, TEXT.replace("WORKDIR app", "WORKDIR /app"), 2)  # a whole text sent again
        task, at_once = await after_one_turn(store.result(doc))
        assert not at_once
        assert found(await task) == fresh(doc.text) != fresh(TEXT)

    run(store, steps)


def test_a_lint_that_outlasts_the_wait_is_awaited_with_the_loop_free(tmp_path):
    """A lint that cannot end before the loop runs again (it waits for the loop) still ends: the
    loop waited for it no longer than ``LOOP_WAIT_SECONDS``."""
    released = threading.Event()
    store = store_held_by(released)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), TEXT, 1)

    async def steps() -> None:
        await linted_through(store, released, doc)
        doc.lint_seconds = 0.001
        keystroke(store, doc, 1, 50, CONTINUED)
        task, at_once = await after_one_turn(store.result(doc))
        assert not at_once and doc.inflight
        released.set()
        assert found(await task) == fresh(doc.text)
        assert not doc.inflight

    run(store, steps)


def test_with_a_lint_of_the_document_in_flight_the_loop_does_not_wait(tmp_path):
    """The lint in flight holds the document's memo: the next one would lint without it."""
    released = threading.Event()
    store = store_held_by(released)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), TEXT, 1)

    async def steps() -> None:
        await linted_through(store, released, doc)
        doc.lint_seconds = 1.0  # the next lint is not waited for ...
        keystroke(store, doc, 1, 50, " wget")
        second, _ = await after_one_turn(store.result(doc))
        assert not second.done()
        doc.lint_seconds = 0.0  # ... nor, while it runs, one for a newer text
        keystroke(store, doc, 1, 55, "x")
        third, at_once = await after_one_turn(store.result(doc))
        assert not at_once
        released.set()
        await second
        assert found(await third) == fresh(doc.text)

    run(store, steps)


def test_the_loop_waits_for_one_lint_a_turn(tmp_path, monkeypatch):
    """New settings ask for every open document's lint in one turn: the loop waits for the
    first and awaits the others."""
    monkeypatch.setattr(documents, "LOOP_WAIT_SECONDS", 10.0)
    store = DocumentStore(lambda message: None)
    docs = [store.open((tmp_path / name / "Dockerfile").as_uri(), TEXT, 1) for name in ("a", "b")]

    async def steps() -> None:
        for doc in docs:
            await store.result(doc)
            doc.lint_seconds = 0.001
        store.invalidate()
        first = asyncio.ensure_future(store.result(docs[0]))
        second = asyncio.ensure_future(store.result(docs[1]))
        await asyncio.sleep(0)
        assert (first.done(), second.done()) == (True, False)
        await second
        keystroke(store, docs[1], 1, 50, " wget")  # a later turn waits again
        _, at_once = await after_one_turn(store.result(docs[1]))
        assert at_once

    run(store, steps)


def test_while_another_document_is_linted_the_loop_does_not_wait(tmp_path):
    """The next lint might have to wait for a worker."""
    released = threading.Event()
    store = store_held_by(released, held="slow/Dockerfile")
    slow, quick = (store.open((tmp_path / name / "Dockerfile").as_uri(), TEXT, 1) for name in ("slow", "quick"))

    async def steps() -> None:
        await linted_through(store, released, slow, quick)
        keystroke(store, slow, 1, 50, CONTINUED)
        busy, _ = await after_one_turn(store.result(slow))
        assert not busy.done()
        quick.lint_seconds = 0.001
        keystroke(store, quick, 1, 50, " wget")
        _, at_once = await after_one_turn(store.result(quick))
        assert not at_once
        released.set()
        assert found(await busy) == fresh(slow.text)

    run(store, steps)


def submissions(store: DocumentStore, monkeypatch) -> list[object]:
    """The lints the store hands to a worker from now on."""
    submitted: list[object] = []
    submit = store.executor.submit

    def recorded(fn, *args):
        submitted.append(fn)
        return submit(fn, *args)

    monkeypatch.setattr(store.executor, "submit", recorded)
    return submitted


def test_after_a_quick_lint_a_keystroke_in_a_run_is_linted_on_the_loop(tmp_path, monkeypatch):
    store = DocumentStore(lambda message: None)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), TEXT, 1)

    async def steps() -> None:
        await store.result(doc)
        submitted = submissions(store, monkeypatch)
        for at, typed in enumerate(" wget"):
            doc.lint_seconds = 0.001
            keystroke(store, doc, 1, 45 + at, typed)
            task, at_once = await after_one_turn(store.result(doc))
            assert at_once
            assert found(task.result()) == fresh(doc.text)
        assert submitted == []
        assert threading.current_thread() is threading.main_thread()

    run(store, steps)


def test_an_edit_that_may_reach_past_its_instruction_is_linted_by_a_worker(tmp_path, monkeypatch):
    """A heredoc opener or a continuation may make the parse read to the end of the file."""
    monkeypatch.setattr(documents, "LOOP_WAIT_SECONDS", 10.0)
    store = DocumentStore(lambda message: None)
    doc = store.open((tmp_path / "Dockerfile").as_uri(), TEXT, 1)

    async def steps() -> None:
        await store.result(doc)
        submitted = submissions(store, monkeypatch)
        for line, character, typed in ((1, 45, " <<EOF"), (1, 4, CONTINUED), (0, 14, "-slim")):
            doc.lint_seconds = 0.001
            keystroke(store, doc, line, character, typed)
            task, at_once = await after_one_turn(store.result(doc))
            assert at_once  # the loop waited for the worker
            assert found(task.result()) == fresh(doc.text)
        assert len(submitted) == 3

    run(store, steps)
