"""The build context each Dockerfile is linted against, walked and read once per process.

Where the context is: the CLI's ``--context``, else a registered root holding the Dockerfile
(the editor's workspace folders), else the Dockerfile's own directory. Rules ask ``tree_for``
and ``history_for``: a cached lookup. In the CLI a miss walks (or reads git) there and then; in
the language server (``background=True``) a miss starts the work on a worker thread and answers
None, and ``on_ready`` is called when the result is in, so typing never waits for the disk.
"""

from __future__ import annotations

import itertools
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # the walk and git are imported by the first lookup: the server starts without them
    from stanzalint.context.history import History
    from stanzalint.context.tree import ContextTree

DEFAULT_COMMITS = 200

_Key = tuple[str, str]  # (context directory, ignore file or Dockerfile path)


class KnownContexts:
    """Cached context trees and histories, keyed by context directory and Dockerfile."""

    def __init__(self) -> None:
        self.roots: list[str] = []  # explicit contexts, longest first
        self.fixed_root: str | None = None  # one context for every Dockerfile (``--context``)
        self.roots_source: Callable[[], list[str]] | None = None  # the editor's workspace folders
        self.background = False
        self.commits = DEFAULT_COMMITS
        self.on_ready: Callable[[str], None] | None = None  # called with the context directory
        self._trees: dict[_Key, ContextTree] = {}
        self._commits: dict[_Key, list | None] = {}
        self._histories: dict[_Key, History | None] = {}
        self._pending: set = set()
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._generations = itertools.count(1)
        #: a number no earlier state of the cache had: set anew after each change of what it
        #: answers (a walk or git read stored, a file event, ``clear``); see ``changed``
        self.generation = 0

    def changed(self) -> None:
        """Note that what the cache answers changed: ``generation`` takes a number never used
        before (``itertools.count`` hands each out once, whichever thread asks). Called after
        the change, so a lint that read the generation before reading the cache sees a new
        number on its next lint (``rules.lint_facts.LintFacts.context_generation``)."""
        self.generation = next(self._generations)

    def set_roots(self, roots: list[str]) -> None:
        """Register the folders that are build contexts (a Dockerfile below one uses it)."""
        self.roots = sorted({os.path.abspath(r) for r in roots}, key=lambda r: (-len(r), r))
        self.clear()

    def context_dir(self, dockerfile: str) -> str:
        if self.fixed_root is not None:
            return self.fixed_root
        if self.roots_source is not None:
            roots = sorted({os.path.abspath(r) for r in self.roots_source()}, key=lambda r: (-len(r), r))
            if roots != self.roots:
                self.set_roots(roots)
        path = os.path.abspath(dockerfile)
        for root in self.roots:
            if path.startswith(root + os.sep):
                return root
        return os.path.dirname(path)

    def tree_for(self, dockerfile: str | None) -> ContextTree | None:
        """The context tree (None: no path, or still being walked in the background). Dockerfiles
        that share a context and an ignore file share one walk."""
        from stanzalint.context.tree import ignore_file_for, walk

        if not dockerfile:
            return None
        root = self.context_dir(dockerfile)
        key = (root, ignore_file_for(dockerfile, root) or "")
        if key in self._trees:
            return self._trees[key]
        return self._compute(("tree",) + key, lambda: walk(root, dockerfile), self._trees, key)

    def all_files(self, root: str) -> ContextTree | None:
        """Every file under ``root``, nothing ignored (what ignore patterns are checked against)."""
        from stanzalint.context.tree import walk

        key = (os.path.abspath(root), "<all>")
        if key in self._trees:
            return self._trees[key]
        return self._compute(("tree",) + key, lambda: walk(key[0], apply_ignore=False), self._trees, key)

    def history_for(self, dockerfile: str | None) -> History | None:
        """The recent history (None: no path, no repository, or still being read). One
        ``git log`` per context; the Dockerfile's own versions per Dockerfile."""
        from stanzalint.context.history import History, dockerfile_versions, read_commits

        if not dockerfile:
            return None
        root = self.context_dir(dockerfile)
        key = (root, "")
        if key not in self._commits:
            self._compute(("log",) + key, lambda: read_commits(root, self.commits), self._commits, key)
            if key not in self._commits:
                return None
        commits = self._commits[key]
        if commits is None:
            return None
        path_key = (root, os.path.abspath(dockerfile))
        if path_key not in self._histories:
            work = lambda: History(commits, dockerfile_versions(root, dockerfile, commits))  # noqa: E731
            return self._compute(("history",) + path_key, work, self._histories, path_key)
        return self._histories[path_key]

    def without_history(self, dockerfile: str | None) -> bool:
        """Whether the Dockerfile is known to have no history (no path, or git found no
        repository for its context), read off what is cached: nothing is started."""
        if not dockerfile:
            return True
        key = (self.context_dir(dockerfile), "")
        return key in self._commits and self._commits[key] is None

    @property
    def busy(self) -> bool:
        """Whether a walk or a git read is under way in the background."""
        return bool(self._pending)

    def _compute(self, job, work, table, key):
        if not self.background:
            table[key] = result = work()
            self.changed()
            return result
        with self._lock:
            if job in self._pending:
                return None
            self._pending.add(job)
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stanzalint-context")

        def run() -> None:
            try:
                table[key] = work()
            finally:
                with self._lock:
                    self._pending.discard(job)
                self.changed()
            if self.on_ready is not None:
                self.on_ready(key[0])

        self._pool.submit(run)
        return None

    def file_changed(self, path: str) -> None:
        """A file event: refresh the trees holding ``path``; a changed ignore file or anything
        under ``.git`` drops what depends on it (walked or read again on the next lookup)."""
        try:
            self._apply_file_event(os.path.abspath(path))
        finally:
            self.changed()

    def _apply_file_event(self, path: str) -> None:
        """``file_changed`` for an absolute path, without noting the change."""
        for key in list(self._trees):
            root = key[0]
            if not path.startswith(root + os.sep):
                continue
            tree = self._trees[key]
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            if (path.endswith(".dockerignore") and key[1] != "<all>") or tree is None:
                self._trees.pop(key, None)
            else:
                tree.refresh(rel)
        if f"{os.sep}.git{os.sep}" in path or path.endswith(f"{os.sep}.git"):
            self._commits.clear()
            self._histories.clear()

    def clear(self) -> None:
        """Forget every tree and history (walked or read again on the next lookup)."""
        self._trees.clear()
        self._commits.clear()
        self._histories.clear()
        self.changed()


#: The process's one cache: the CLI and the server configure it, rules read it.
KNOWN = KnownContexts()
