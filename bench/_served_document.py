"""A document open in the language server's document store, in process, and keystrokes sent to
it as the server receives them: what the in-process typing benchmarks share."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from stanzalint.engine import LintResult


class ServedDocument:
    """``path``'s text open in a ``DocumentStore`` (the garbage collector tuned, ShellCheck
    started, the first lint done), as the server holds an open document."""

    def __init__(self, path: str) -> None:
        from stanzalint.lsp.documents import DocumentStore
        from stanzalint.lsp.server import _tune_garbage_collector

        _tune_garbage_collector()
        with open(path, encoding="utf-8", errors="replace") as handle:
            self.text = handle.read()
        self.store = DocumentStore(lambda *args: None)
        self.store.shellcheck.wait_checker(10)
        self.doc = self.store.open("file://" + os.path.abspath(path), self.text, 1)
        self.store.result_now(self.doc)

    def shellcheck_answered(self) -> LintResult:
        """Run the server's ShellCheck follow-up pass on the text (its answers then known for the
        keystrokes after), and the document's result after it, as the server publishes it."""
        import asyncio

        store, doc = self.store, self.doc
        asyncio.run(store.shellcheck_result(doc, store.key(doc), store.result_now(doc)))
        return store.result_now(doc)

    def keystroke(self, line: int, start: int, end: int, inserted: str) -> None:
        """``typed`` (the edit and its lint), then ``after_write``."""
        self.typed(line, start, end, inserted)
        self.after_write()

    def after_write(self) -> None:
        """Let go of the replaced result, bring the memo up to date after a result taken again,
        and run a due reclaim, as the server does once it has written the publish."""
        from stanzalint import gcpause

        after_write = getattr(self.store, "after_write", None)  # a revision before it: ``release_retired``
        (after_write or self.store.release_retired)()
        gcpause.reclaim_if_due()

    def typed(self, line: int, start: int, end: int, inserted: str) -> LintResult:
        """Replace columns ``start`` to ``end`` of ``line`` with ``inserted``, as the server's
        ``didChange`` does (``lsp.text.edit_text``), and lint the new text as the server does: on
        the last lint, through the document's findings memo and ShellCheck's known findings."""
        from lsprotocol import types
        from stanzalint.lsp.text import edit_text

        store, doc = self.store, self.doc
        where = types.Range(types.Position(line, start), types.Position(line, end))
        change = types.TextDocumentContentChangePartial(range=where, text=inserted)
        new, edit = edit_text(doc.text, [change], "utf-16", store.line_starts(doc))
        store.set_text(doc, new, (doc.version or 0) + 1, edit)
        return store.result_now(doc)
