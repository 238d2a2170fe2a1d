"""What the document store keeps per open document does not grow with the number of edits."""

from __future__ import annotations

from stanzalint.lsp.documents import DocumentStore
from stanzalint.lsp.shellcheck_pass import ShellCheckPass


class NothingKnown:
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
