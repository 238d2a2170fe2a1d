"""The build-context rules (SZ304–SZ307) through a document's findings memo, as the language
server lints: a lint of the same text after the context changed (the background walk ended, a
file was created, changed or deleted, ``.dockerignore`` changed, a commit was added) reports
what a fresh lint of that text reports, for every document sharing the context."""

from __future__ import annotations

import os
import time

from contexts import Repo, make_tree
from ruletest import config_for
from stanzalint.context.known import KNOWN
from stanzalint.engine import lint, prepare
from stanzalint.findings_memo import FindingsMemo

CONFIG = config_for(("SZ304", "SZ305", "SZ306", "SZ307"), rules={"SZ307": {"max_mib": 0.001}})

TEXT = "FROM python:3.12-slim\nCOPY app /app\nCOPY missing.txt /m\nRUN apt-get update && apt-get install -y gcc\n"


def published(result) -> list[tuple]:
    """What a user sees of each finding: code, message, range, fix."""
    assert not result.failures, result.failures[0].traceback
    return [
        (
            v.code,
            v.message,
            v.span.start,
            v.span.end,
            None if v.fix is None else [(e.span.start, e.span.end, e.text) for e in v.fix.edits],
        )
        for v in result.violations
    ]


class Document:
    """An open document: each lint through its memo, on the previous parse."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.memo = FindingsMemo()
        self.parsed = None

    def lint(self, text: str, compared: bool = True) -> list[tuple]:
        """This text linted as the server lints it; asserted equal to a fresh lint of it unless
        not ``compared`` (while a walk runs, the fresh lint could see its end)."""
        self.parsed = prepare(text, CONFIG, self.parsed[1] if self.parsed else None)
        found = published(lint(text, CONFIG, self.path, parsed=self.parsed, memo=self.memo))
        if compared:
            assert found == published(lint(text, CONFIG, self.path))
        return found


def codes(found: list[tuple]) -> list[str]:
    return [f[0] for f in found]


def wait_for_the_walk() -> None:
    deadline = time.monotonic() + 30
    while KNOWN.busy and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not KNOWN.busy


def event(root, rel: str, content: str | None) -> None:
    """Write (None: delete) a file of the context and report it, as a file watcher does."""
    path = os.path.join(str(root), rel)
    if content is None:
        os.remove(path)
    else:
        make_tree(root, {rel: content})
    KNOWN.file_changed(path)


def test_the_findings_come_when_the_background_walk_ends(tmp_path, monkeypatch):
    make_tree(tmp_path, {"app/.env": "A=1\n", "app/main.py": ""})
    monkeypatch.setattr(KNOWN, "background", True)
    doc = Document(str(tmp_path / "Dockerfile"))
    assert doc.lint(TEXT, compared=False) == []  # the context is being walked
    wait_for_the_walk()
    assert codes(doc.lint(TEXT)) == ["SZ306", "SZ305"]


def test_files_created_changed_and_deleted_between_two_lints(tmp_path):
    make_tree(tmp_path, {"app/main.py": ""})
    doc = Document(str(tmp_path / "Dockerfile"))
    assert codes(doc.lint(TEXT)) == ["SZ305"]
    event(tmp_path, "app/.env", "A=1\n")
    assert codes(doc.lint(TEXT)) == ["SZ306", "SZ305"]
    event(tmp_path, "missing.txt", "")
    assert codes(doc.lint(TEXT)) == ["SZ306"]
    event(tmp_path, "app/main.py", "x" * 2048)  # touched: the context outgrows max-mib
    assert codes(doc.lint(TEXT)) == ["SZ306", "SZ307"]
    event(tmp_path, "app/.env", None)
    assert codes(doc.lint(TEXT)) == ["SZ307"]


def test_a_changed_dockerignore_between_two_lints(tmp_path):
    make_tree(tmp_path, {"app/.env": "A=1\n", "app/main.py": "", "missing.txt": ""})
    doc = Document(str(tmp_path / "Dockerfile"))
    assert codes(doc.lint(TEXT)) == ["SZ306"]
    event(tmp_path, ".dockerignore", "**/.env\n")
    assert doc.lint(TEXT) == []
    event(tmp_path, ".dockerignore", "missing.txt\n!app\n")
    assert [f[:2] for f in doc.lint(TEXT)] == [
        ("SZ306", "`app` copies `app/.env` into the image (a secret); exclude them in .dockerignore"),
        ("SZ305", "`missing.txt` is in the context, but .dockerignore keeps it out; the build fails here"),
    ]


def test_a_commit_added_between_two_lints(tmp_path):
    repo = Repo(tmp_path)
    for i in range(19):
        repo.commit({"app/main.py": f"# {i}\n", "missing.txt": ""})
    doc = Document(str(tmp_path / "Dockerfile"))
    assert doc.lint(TEXT) == []  # 19 commits: fewer than min-commits
    repo.commit({"app/main.py": "# 19\n"})
    KNOWN.file_changed(os.path.join(str(tmp_path), ".git", "refs", "heads", "main"))
    assert codes(doc.lint(TEXT)) == ["SZ304"]


def test_a_line_added_above_a_stage_renumbers_the_line_sz304_names(tmp_path):
    repo = Repo(tmp_path)
    for i in range(20):
        repo.commit({"app/main.py": f"# {i}\n", "missing.txt": ""})
    doc = Document(str(tmp_path / "Dockerfile"))
    tools = "FROM alpine AS tools\nRUN echo hi\n"
    assert [f[:2] for f in doc.lint(tools + TEXT)] == [
        (
            "SZ304",
            "What this COPY reads changed in 20 of the last 20 commits, and each change reruns `apt-get install` "
            "(line 6), which does not read it; copy it after",
        )
    ]
    assert codes(doc.lint(tools + TEXT)) == ["SZ304"]  # the context and history read: nothing changes since
    found = doc.lint(tools + "RUN echo more\n" + TEXT)  # the stage moves a line down, its text as it was
    assert "(line 7)" in found[0][1]


def test_two_documents_sharing_one_context(tmp_path, monkeypatch):
    make_tree(tmp_path, {"app/main.py": ""})
    monkeypatch.setattr(KNOWN, "background", True)
    first, second = Document(str(tmp_path / "Dockerfile")), Document(str(tmp_path / "other.Dockerfile"))
    other = "FROM alpine\nCOPY app/ /srv/\nCOPY gone.txt /g\n"
    assert first.lint(TEXT, compared=False) == []  # the walk starts
    wait_for_the_walk()
    assert codes(second.lint(other)) == ["SZ305"]  # the tree the first one's lint asked for
    assert codes(first.lint(TEXT)) == ["SZ305"]
    event(tmp_path, "app/.env", "A=1\n")
    assert codes(second.lint(other)) == ["SZ306", "SZ305"]
    assert codes(first.lint(TEXT)) == ["SZ306", "SZ305"]


def test_an_edit_elsewhere_decides_whether_the_file_names_the_context(tmp_path):
    make_tree(tmp_path, {"app/main.py": ""})
    doc = Document(str(tmp_path / "Dockerfile"))
    assert codes(doc.lint(TEXT)) == ["SZ305"]
    # the only source found is renamed: the build evidently uses another context, and the
    # unchanged COPY of missing.txt is no longer reported
    assert doc.lint(TEXT.replace("COPY app /app", "COPY ap /app")) == []
    assert codes(doc.lint(TEXT)) == ["SZ305"]


def test_the_generation_changes_with_what_the_cache_answers(tmp_path):
    make_tree(tmp_path, {"a.txt": ""})
    path = str(tmp_path / "Dockerfile")
    seen = [KNOWN.generation]
    KNOWN.tree_for(path)  # walked
    seen.append(KNOWN.generation)
    KNOWN.tree_for(path)  # remembered: nothing changed
    seen.append(KNOWN.generation)
    KNOWN.file_changed(str(tmp_path / "a.txt"))
    seen.append(KNOWN.generation)
    assert seen[1] != seen[0] and seen[2] == seen[1] and seen[3] not in seen[:3]


def test_a_run_that_mounts_the_context_without_naming_a_type(tmp_path):
    # BuildKit binds the context when a mount names no type: the RUN reads the context, whether
    # it is linted alone (an edit on its row) or with the whole file
    make_tree(tmp_path, {"app/main.py": "", ".env": "A=1\n"})
    doc = Document(str(tmp_path / "Dockerfile"))
    text = "FROM alpine\nCOPY app /app\nRUN echo\n"
    assert doc.lint(text) == []
    assert doc.lint(text) == []  # the context read: the next edits re-run the rules on their rows only
    assert [f[:2] for f in doc.lint(text + "RUN --mount=target=/s cp -r /s /d\n")] == [
        ("SZ306", "`.` copies `.env` into the image (a secret); exclude them in .dockerignore")
    ]
    assert [f[:2] for f in doc.lint(text + "RUN --mount=source=nothere,target=/s cp -r /s /d\n")] == [
        ("SZ305", "`nothere` is not in the build context (the Dockerfile's directory); the build fails here")
    ]
    # the only instruction that reads the context
    assert codes(doc.lint("FROM alpine\nRUN --mount=readonly,target=/s cp -r /s /d\n")) == ["SZ306"]
    assert doc.lint("FROM alpine\nRUN --mount=type=cache,target=/s cp -r /s /d\n") == []
