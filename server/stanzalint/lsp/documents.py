"""Open documents, their lint results per version, and the configuration each one uses.

A lint runs in a worker thread (the event loop waits for a quick one: ``DocumentStore.result``);
a result is cached per (text revision, settings generation),
so hover, code actions and symbols reuse the lint the diagnostics came from. A revision is
numbered by the server at every open and change, never taken from the client's version number
(a client may repeat one). Requests for the same revision share one lint. A lint includes the ShellCheck findings already known; when some
script is new, ``shellcheck_result`` finishes the job in its own worker (see ``shellcheck_pass``).
A text an erase or an undo brings back takes the result of its lint a few keystrokes ago again,
when everything else that lint read is the same (``recent_results``); the memo lints the text
once the result is written (``after_write``).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import threading
import time
from collections.abc import Mapping
from concurrent import futures
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable
from urllib.parse import unquote, urlparse

from stanzalint.lsp.positions import line_starts, shared_line_starts
from stanzalint.lsp.recent_results import LintInputs, RecentResults, outside

if TYPE_CHECKING:  # imported where used: opening the server stays fast
    from stanzalint.analysis.model import Analysis
    from stanzalint.config import Config
    from stanzalint.context.layers import Layer
    from stanzalint.engine import LintResult
    from stanzalint.findings import Violation
    from stanzalint.findings_memo import FindingsMemo
    from stanzalint.lsp.diagnostic_json import DiagnosticEncoder
    from stanzalint.lsp.shellcheck_pass import KnownScripts
    from stanzalint.lsp.text import Edit, TextChange
    from stanzalint.syntax.model import Dockerfile

log = logging.getLogger(__name__)

#: what a lint result is for: (the document's text revision, the settings generation)
Key = tuple[int, int]
#: the most replaced lint results kept until the server's next message is written
RETIRED_KEPT = 4
#: the longest the event loop waits for a lint (seconds), when the document's last lint took less
LOOP_WAIT_SECONDS = 0.025
#: the most characters an edit may differ by (removed or put in) for the memo's lint of a text
#: taken again to run on the event loop after a quick lint (``DocumentStore._quick_again``)
QUICK_AGAIN_CHARACTERS = 64


def uri_to_path(uri: str) -> str | None:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if os.name == "nt" and path.startswith("/") and len(path) > 2 and path[2] == ":":
        path = path[1:]
    return path


def normal_uri(uri: str) -> str:
    """One spelling of a URI: percent-escapes decoded (``file:///a%20b`` is ``file:///a b``,
    as pygls keys its documents) and a Windows drive letter in lower case."""
    uri = unquote(uri)
    if uri[:8].lower() == "file:///" and len(uri) > 9 and uri[9] == ":" and uri[8].isalpha():
        return "file:///" + uri[8].lower() + uri[9:]
    return uri


class DocumentsByUri(dict[str, "Document"]):
    """Open documents keyed by ``normal_uri``: any spelling of a URI finds its document."""

    def __getitem__(self, uri: str) -> Document:
        return super().__getitem__(normal_uri(uri))

    def __setitem__(self, uri: str, doc: Document) -> None:
        super().__setitem__(normal_uri(uri), doc)

    def __contains__(self, uri: object) -> bool:
        return isinstance(uri, str) and super().__contains__(normal_uri(uri))

    def get(self, uri: str, default: Document | None = None) -> Document | None:  # type: ignore[override]  # str keys only
        return super().get(normal_uri(uri), default)

    def pop(self, uri: str, *default: Document | None) -> Document | None:  # type: ignore[override]  # str keys only
        return super().pop(normal_uri(uri), *default)


@dataclass
class Document:
    uri: str
    text: str
    version: int | None
    path: str | None
    #: the server's number for this text: unique in the store, growing with every change
    revision: int = 0
    #: the LSP line starts of ``text``, once worked out (``DocumentStore.line_starts``)
    line_starts: list[int] | None = None
    #: the change that made ``text``, its line starts left for when they are needed (``lsp.text``)
    edit: Edit | None = None
    #: what changed from the text of the newest lint result (or the text before the last
    #: change) to ``text``, when every change since was a range's (``lsp.text``); it holds
    #: that earlier text, which the newest lint result holds too, until the next change
    change: TextChange | None = None
    #: (key, result): the newest lint result and the key (revision, generation) it was made for
    result: tuple[Key, LintResult] | None = None
    inflight: dict[Key, asyncio.Future[tuple[LintResult, bool]]] = field(default_factory=dict)
    publisher: asyncio.Task[None] | None = None
    editor_settings: Mapping[str, object] | None = None
    published_key: Key | None = None
    settings_task: asyncio.Future[None] | None = None  # editor settings being fetched
    #: the key of ``result`` when it lacks ShellCheck findings for some new script
    shellcheck_pending: set[Key] = field(default_factory=set)
    #: the key ShellCheck is running for in the background, if any
    shellcheck_running: Key | None = None
    result_serial: int = 0  # bumped whenever ``result`` changes (pull diagnostics' result ids)
    #: the wall-clock seconds the document's last lint took (none yet: as if without end)
    lint_seconds: float = float("inf")
    #: (text, findings) of the last trivy run on save; shown only while the text is unchanged
    trivy: tuple[str, list[Violation]] | None = None
    #: the JSON of the diagnostics last published, reused while they stay the same
    encoder: DiagnosticEncoder = field(default_factory=lambda: _encoder())
    #: scoped rules' findings remembered across this document's lints (``findings_memo``)
    memo: FindingsMemo = field(default_factory=lambda: _findings_memo())
    #: ShellCheck's known findings per RUN, remembered across this document's lints
    scripts: KnownScripts = field(default_factory=lambda: _known_scripts())
    #: held by the lint using ``memo`` and ``scripts`` (the executor has two workers)
    memo_lock: threading.Lock = field(default_factory=threading.Lock)
    #: the results of its last texts linted through ``memo``, taken again for a text brought back
    recent: RecentResults = field(default_factory=RecentResults)
    #: the newest result linted through ``memo``: the memo's last lint
    linted: LintResult | None = None
    #: the key of ``result`` when it was taken again from ``recent`` and the memo is yet to
    #: lint its text (``DocumentStore.catch_up``)
    recalled: Key | None = None
    #: the build-context layers of each COPY/RUN line (code lenses) and what they were worked
    #: out for: the lint result, the context tree, its history and its file count
    layers: tuple[tuple[object, object, object, int], dict[int, Layer]] | None = None

    @property
    def directory(self) -> str:
        return os.path.dirname(self.path) if self.path else os.getcwd()


class ConfigCache:
    """Config per (directory, editor settings); a bad file keeps the last good config and is
    reported once through ``report``.

    A configuration read again after ``clear`` that equals the one it replaces is that same
    object: what is kept per configuration object (a document's findings memo and recent
    results, the documentation links) outlives an edit of a ``pyproject.toml`` outside its
    ``[tool.stanzalint]`` table, or editor settings sent again unchanged."""

    def __init__(self, report: Callable[[str], None]) -> None:
        self._report = report
        self._cache: dict[tuple[str, str], Config] = {}
        self._replaced: dict[tuple[str, str], Config] = {}  # what ``clear`` set aside
        #: the real paths of the files the configurations were read from (a symlinked
        #: ``.stanzalint.toml``'s target, whose events name the target)
        self._read_from: set[str] = set()
        self._last_good: dict[str, Config] = {}
        self._reported: set[str] = set()
        self.lock = threading.Lock()

    def clear(self) -> None:
        """Read every configuration again when next asked for."""
        with self.lock:
            self._replaced.update(self._cache)
            self._cache.clear()

    def read_from(self, path: str) -> bool:
        """Whether a configuration was read from the file at ``path`` (by its real path)."""
        with self.lock:
            return os.path.realpath(path) in self._read_from

    def get(self, directory: str, editor: Mapping[str, object] | None) -> Config:
        from stanzalint.config import Config, ConfigError, config_for

        key = (directory, repr(sorted((editor or {}).items())))
        with self.lock:
            cached = self._cache.get(key)
            if cached is not None:
                return cached
        good = True
        try:
            config = config_for(directory, editor=editor or None)
        except ConfigError as exc:
            good = False
            message = f"stanzalint: {exc.file or 'settings'}: {exc.key or '(file)'}: {exc.reason}"
            with self.lock:
                first = message not in self._reported
                self._reported.add(message)
                config = self._last_good.get(directory) or Config()
            if first:
                self._report(message)
        with self.lock:
            replaced = self._replaced.pop(key, None)
            if replaced is not None and replaced == config:
                config = replaced
            if good:
                self._last_good[directory] = config
            self._cache[key] = config
            self._read_from.update(os.path.realpath(source) for source in config.sources)
        return config


class DocumentStore:
    """Documents by URI and the machinery to lint them off the event loop."""

    def __init__(
        self,
        report_config_error: Callable[[str], None],
        lint_fn: Callable[[str, Config, str | None], LintResult] | None = None,
    ) -> None:
        self.docs = DocumentsByUri()
        self.configs = ConfigCache(report_config_error)
        self.generation = 0  # bumped whenever settings or config files change
        self._executor: ThreadPoolExecutor | None = None
        self._shellcheck_executor: ThreadPoolExecutor | None = None
        self._lint_fn = lint_fn
        self._revisions = itertools.count(1)
        #: results a newer one replaced: let go once the next message is written
        #: (``after_write``), so the new diagnostics do not wait while a large file's old
        #: parse and analysis are freed (milliseconds on a 4,000-line file)
        self.retired: list[LintResult] = []
        #: the lints submitted to the workers and not done yet (the workers discard theirs)
        self._linting: set[futures.Future[tuple[LintResult, bool]]] = set()
        #: whether the event loop waited for a lint in its current turn (``waits_for``)
        self._waited_this_turn = False
        #: the documents given a result taken again since the last write (``after_write``)
        self._recalled_docs: list[Document] = []
        #: told of a document whose stored findings changed after they were sent (``_caught_up``)
        self.findings_changed: Callable[[Document], None] = lambda doc: None
        from stanzalint.lsp.shellcheck_pass import ShellCheckPass

        self.shellcheck = ShellCheckPass()

    @property
    def executor(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="stanzalint-lint")
        return self._executor

    @property
    def shellcheck_executor(self) -> ThreadPoolExecutor:
        if self._shellcheck_executor is None:
            self._shellcheck_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stanzalint-shellcheck")
        return self._shellcheck_executor

    def shutdown(self) -> None:
        for pool in (self._executor, self._shellcheck_executor):
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)

    def open(self, uri: str, text: str, version: int | None) -> Document:
        doc = Document(uri, text, version, uri_to_path(uri), next(self._revisions))
        old = self.docs.get(uri)
        if old is not None:
            doc.editor_settings = old.editor_settings
        self.docs[uri] = doc
        return doc

    def set_text(self, doc: Document, text: str, version: int | None, edit: Edit | None = None) -> None:
        """The client changed the document: a new revision, whatever its version number
        (``edit``: the change that made the text, if known)."""
        doc.change = _change_since_lint(doc, edit, text)
        doc.text = text
        doc.line_starts, doc.edit = None, edit
        doc.version = version
        doc.revision = next(self._revisions)

    @staticmethod
    def line_starts(doc: Document) -> list[int]:
        """The LSP line starts of the document's text: those worked out already; else the
        parse's, when the newest lint read this very text (its lines break where the client's do
        unless a lone ``\r`` is in it), which spares a keystroke moving thousands of line starts
        twice; else those its last change makes; else (the text as opened) read in it whole."""
        if doc.line_starts is None:
            lines = doc.result[1].dockerfile.lines if doc.result is not None else None
            parsed = lines.line_starts if lines is not None and lines.text is doc.text else None
            starts = shared_line_starts(doc.text, parsed)
            if starts is None:
                starts = doc.edit.line_starts(doc.text) if doc.edit is not None else line_starts(doc.text)
            doc.line_starts = starts
        return doc.line_starts

    def close(self, uri: str) -> Document | None:
        """Forget the document (under any spelling of its URI); the document, if it was open.
        Its publisher is cancelled and let go: the cancelled task's traceback holds the
        document, and a document holding the task would be a cycle, kept with its lint result
        until the cycle collector runs."""
        doc = self.docs.pop(uri, None)
        if doc is not None and doc.publisher is not None:
            doc.publisher.cancel()
            doc.publisher = None
        return doc

    def invalidate(self, configs: bool = True) -> None:
        """Settings, configuration files or the build context changed: every cached result is
        out of date, and with ``configs`` every configuration is read again."""
        self.generation += 1
        if configs:
            self.configs.clear()
        for doc in self.docs.values():
            self.retired.extend(doc.recent.clear())

    def key(self, doc: Document) -> Key:
        return (doc.revision, self.generation)

    def config_for(self, doc: Document) -> Config:
        return self.configs.get(doc.directory, doc.editor_settings)

    def _lint(
        self,
        text: str,
        config: Config,
        path: str | None,
        previous: Analysis | None = None,
        memo: FindingsMemo | None = None,
        scripts: KnownScripts | None = None,
        change: TextChange | None = None,
    ) -> tuple[LintResult, bool]:
        """(result, complete): complete is False when ShellCheck has yet to see some script.
        ``previous`` is the analysis of the document's last linted text (the new text is re-read
        and re-analysed only where edited, found without comparing the texts when ``change``
        goes from that text to ``text``);
        ``memo`` the document's remembered findings, ``scripts`` its ShellCheck findings per RUN."""
        from stanzalint.lsp.build_context import is_ignore_document

        if is_ignore_document(path):
            from stanzalint.lsp.ignore_document import lint_ignore_document

            return lint_ignore_document(text, config, path), True
        if self._lint_fn is not None:
            return self._lint_fn(text, config, path), True
        from stanzalint.engine import lint, prepare

        parsed = prepare(text, config, previous, _edit_between(change, previous, text))
        if not self.shellcheck.enabled(config):
            return lint(text, config, path, parsed=parsed, memo=memo), True
        checker, settled = self.shellcheck.state()
        if checker is None:
            return lint(text, config, path, parsed=parsed, memo=memo), settled
        state = {"complete": True}

        def known(dockerfile: Dockerfile, analysis: Analysis) -> list[Violation]:
            found, state["complete"] = self.shellcheck.known(checker, dockerfile, analysis, scripts)
            return found

        result = lint(text, config, path, extra=known, parsed=parsed, memo=memo)
        return result, state["complete"]

    def _lint_document(
        self, doc: Document, text: str, config: Config, path: str | None, previous: Analysis | None
    ) -> tuple[LintResult, bool]:
        """``_lint`` through the document's memo, or without it while another lint uses it
        (never waiting: the result is the same either way), the cycle collector paused."""
        from stanzalint.gcpause import collector_paused

        with collector_paused():  # the parse and analysis too, not only the rules
            change = doc.change  # checked against ``previous`` and ``text`` before use
            if not doc.memo_lock.acquire(blocking=False):
                return self._lint(text, config, path, previous, change=change)
            try:
                inputs = self._inputs(config, path)
                made = self._lint(text, config, path, previous, doc.memo, doc.scripts, change=change)
                self._remember(doc, made, inputs)
                return made
            finally:
                doc.memo_lock.release()

    def _inputs(self, config: Config, path: str | None) -> LintInputs:
        """What a lint made now reads besides its text (``recent_results``), read before it (what
        lies outside first: asking for the context directory notes a change of the workspace
        folders in the build context's generation)."""
        from stanzalint.context.known import KNOWN

        around = outside(path)
        checker, settled = self.shellcheck.state()
        return LintInputs(config, path, self.generation, KNOWN.generation, around, checker, settled)

    def _remember(self, doc: Document, made: tuple[LintResult, bool], inputs: LintInputs) -> None:
        """Keep a lint through the document's memo among its recent results, with what ShellCheck
        had yet to see for it; not one made while ShellCheck was still starting (a lint then
        waits for whatever ShellCheck finds once started)."""
        result, complete = made
        doc.linted = result
        if not complete and inputs.checker is None:
            return
        waiting = [] if complete else doc.scripts.waiting()
        if waiting is None:
            return
        dropped = doc.recent.remember(result, inputs, waiting)
        if dropped is not None:
            self.retired.append(dropped)

    def _catch_up(self, doc: Document) -> None:
        """Once a result taken again for the document's text (``recent_results``) was sent:
        lint the text through the memo, whose last lint is of another text, and make that lint
        the document's result, so that the next edit's lint is made on the memo's last lint (a
        lint made on another text than the memo's last one finds fewer rows where they stood).
        On this thread when it is quick (``_quick_again``), else on a worker. Findings that
        differ from those sent (something they depend on changed meanwhile) are stored and
        handed to ``findings_changed``."""
        key, linted = self.key(doc), doc.linted
        if self.docs.get(doc.uri) is not doc or doc.recalled != key or doc.result is None or linted is None:
            return
        doc.recalled = None
        recalled = doc.result[1]
        if doc.result[0] != key or recalled is linted:
            return
        again = (doc, doc.text, self.config_for(doc), doc.path, linted)  # read here: an edit may follow
        try:
            loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or self._quick_again(doc, linted):
            self._caught_up(doc, key, recalled, self._lint_again(*again))
            return
        try:
            submitted = self.executor.submit(self._lint_again, *again)
        except RuntimeError:  # shut down
            return

        def done(future: futures.Future[tuple[LintResult, bool] | None]) -> None:
            made = None if future.cancelled() or future.exception() is not None else future.result()
            if not loop.is_closed():
                loop.call_soon_threadsafe(self._caught_up, doc, key, recalled, made)

        submitted.add_done_callback(done)

    @staticmethod
    def _quick_again(doc: Document, linted: LintResult) -> bool:
        """Whether the memo's lint of the document's text is as quick as its last lint, which
        was quick: the text differs from the memo's last one in at most ``QUICK_AGAIN_CHARACTERS``
        characters on either side (an erase of a few characters, not the undo of a paste)."""
        from stanzalint.syntax.incremental import changed_range

        if doc.lint_seconds >= LOOP_WAIT_SECONDS:
            return False
        changed = changed_range(linted.dockerfile.text, doc.text)
        return changed is None or max(changed[1], changed[2]) - changed[0] <= QUICK_AGAIN_CHARACTERS

    def _lint_again(
        self, doc: Document, text: str, config: Config, path: str | None, linted: LintResult
    ) -> tuple[LintResult, bool] | None:
        """The lint of ``text`` through the document's memo, made on the memo's last lint
        (``linted``); None while another lint has the memo (that lint brings it up to date)."""
        if doc.memo_lock.locked():
            return None
        return self._lint_document(doc, text, config, path, linted.analysis)

    def _caught_up(self, doc: Document, key: Key, recalled: LintResult, made: tuple[LintResult, bool] | None) -> None:
        """Take the memo's lint ``made`` of the text whose result ``recalled`` was taken again
        (``_catch_up``) as the document's result, while the document is at ``key`` and that is
        still its result."""
        if made is None or self.docs.get(doc.uri) is not doc or self.key(doc) != key:
            return
        if doc.result is None or doc.result[0] != key or doc.result[1] is not recalled:
            return
        result, complete = made
        if result.violations == recalled.violations and result.failures == recalled.failures:
            doc.result = (key, result)  # the same findings: nothing to send, nothing for a pull to fetch again
            self.retired.append(recalled)
            return
        self._store(doc, key, result, complete)
        self.findings_changed(doc)

    def _recalled(self, doc: Document, key: Key) -> LintResult | None:
        """The result of a recent text equal to the document's, made from the same inputs, stored
        as the result of ``key`` (``recent_results``): the document takes that result's text
        object, which the next edit's change then starts from."""
        if not len(doc.recent):
            return None
        found = doc.recent.find(
            doc.text,
            lambda: self._inputs(self.config_for(doc), doc.path),
            lambda inputs, waiting: inputs.checker is None or doc.scripts.still_waiting(inputs.checker, waiting),
        )
        if found is None:
            return None
        result, complete = found
        doc.text, doc.change, doc.recalled = result.dockerfile.text, None, key
        self._store(doc, key, result, complete)
        self._recalled_docs.append(doc)
        return result

    @staticmethod
    def last_analysis(doc: Document) -> Analysis | None:
        """The analysis (with the parse) of the last text linted for ``doc``, if any."""
        return doc.result[1].analysis if doc.result is not None else None

    def _store(self, doc: Document, key: Key, result: LintResult, complete: bool) -> None:
        """Keep ``result`` as the newest; only its key can still be waiting for ShellCheck. The
        result it replaces is retired."""
        doc.shellcheck_pending = set() if complete else {key}
        if doc.result is not None:
            if len(self.retired) >= RETIRED_KEPT:
                self.retired.clear()  # no message for a while: let go now
            self.retired.append(doc.result[1])
        doc.result = (key, result)
        doc.result_serial += 1

    def after_write(self) -> None:
        """What waits until the server has written a message: the memo brought up to date for
        the documents given a result taken again (``_catch_up``), then the results newer ones
        replaced let go."""
        while self._recalled_docs:
            doc = self._recalled_docs.pop()
            try:
                self._catch_up(doc)
            except Exception:  # the result taken again stands; the next edit's lint is made on it
                log.exception("linting %s again through its memo failed", doc.uri)
        self.release_retired()

    def release_retired(self) -> None:
        """Let go of the results newer ones replaced."""
        self.retired.clear()

    def cached(self, doc: Document) -> LintResult | None:
        if doc.result is not None and doc.result[0] == self.key(doc):
            return doc.result[1]
        return None

    async def result(self, doc: Document) -> LintResult:
        """The lint result of the document's current text (shared with any lint in flight).

        When ``waits_for`` the document and the edit since its last lint stays inside one
        instruction's arguments (``local_edit.stays_in_its_instruction``: its lint is as quick as
        the last one), the lint runs on the event loop's thread, which no other thread then has
        to wake. Else it runs in a worker; when ``waits_for`` the document, the event loop waits
        for it, at most ``LOOP_WAIT_SECONDS``: a keystroke's result is then taken up at once,
        without the worker waking the loop through its selector and the loop's turns to hand it
        over (0.2-2 ms a keystroke, measured). A lint that takes longer is awaited as any other."""
        key = self.key(doc)
        if doc.result is not None and doc.result[0] == key:
            return doc.result[1]
        future = doc.inflight.get(key)
        if future is None:
            recalled = self._recalled(doc, key)
            if recalled is not None:
                return recalled
            text, path, previous = doc.text, doc.path, self.last_analysis(doc)

            def work() -> tuple[LintResult, bool]:
                started = time.perf_counter()
                config = self.config_for(doc)
                made = self._lint_document(doc, text, config, path, previous)
                doc.lint_seconds = time.perf_counter() - started
                return made

            from stanzalint.lsp.local_edit import stays_in_its_instruction

            waits = self.waits_for(doc)
            if waits and previous is not None and stays_in_its_instruction(doc.change, previous.dockerfile):
                made = work()  # quick and bounded like the last: no thread wakes (``local_edit``)
                self._keep(doc, key, made)
                return made[0]
            submitted = self.executor.submit(work)
            self._linting.add(submitted)
            submitted.add_done_callback(self._linting.discard)
            if waits:
                try:
                    made = submitted.result(timeout=LOOP_WAIT_SECONDS)
                except futures.TimeoutError:  # not the built-in one before Python 3.11
                    pass
                else:
                    self._keep(doc, key, made)
                    return made[0]
            future = asyncio.wrap_future(submitted)
            doc.inflight[key] = future

            def done(fut: asyncio.Future[tuple[LintResult, bool]], key: Key = key) -> None:
                doc.inflight.pop(key, None)
                if not fut.cancelled() and fut.exception() is None:
                    self._keep(doc, key, fut.result())

            future.add_done_callback(done)
        result, _ = await asyncio.shield(future)
        return result

    def waits_for(self, doc: Document) -> bool:
        """Whether the event loop waits for the document's next lint: when its last lint took
        under ``LOOP_WAIT_SECONDS``, no other lint is running (the next starts at once, and
        none holds the document's memo), and the loop has not waited yet in this turn. So the
        loop is held at most ``LOOP_WAIT_SECONDS`` a turn, even when a turn asks for the lints of
        many documents (new settings, a burst of pulls); the others are awaited as before."""
        if self._waited_this_turn or self._linting or doc.lint_seconds >= LOOP_WAIT_SECONDS:
            return False
        self._waited_this_turn = True
        asyncio.get_running_loop().call_soon(self._next_turn)
        return True

    def _next_turn(self) -> None:
        """The loop's next turn has begun: it may wait for a lint again (``waits_for``)."""
        self._waited_this_turn = False

    def _keep(self, doc: Document, key: Key, made: tuple[LintResult, bool]) -> None:
        """Store the lint ``made`` for ``key`` unless a newer result is stored already."""
        if doc.result is None or _newer(key, doc.result[0]):
            self._store(doc, key, *made)

    async def shellcheck_result(self, doc: Document, key: Key, result: LintResult) -> LintResult | None:
        """The result of ``key`` with every ShellCheck finding (ShellCheck runs in a worker for
        the scripts it has not seen). None when the document changed meanwhile, or when
        ShellCheck cannot run. The caller publishes it only if it is still current."""
        loop = asyncio.get_running_loop()
        text, path = doc.text, doc.path
        config = self.config_for(doc)
        passes = self.shellcheck

        def work() -> LintResult | None:
            if self.key(doc) != key:
                return None  # a newer version is being linted: ShellCheck would run for nothing
            checker = passes.wait_checker(timeout=60)
            if checker is None:
                return None
            findings = passes.all(checker, result.dockerfile, result.analysis)
            if self.key(doc) != key:
                return None  # the text changed while ShellCheck ran: its lint publishes instead
            return with_shellcheck(result, findings, text, config, path)

        full = await loop.run_in_executor(self.shellcheck_executor, work)
        if full is None or self.docs.get(doc.uri) is not doc or self.key(doc) != key:
            return None
        if doc.result is None or doc.result[1] is not result:
            return None  # the memo's lint of a text taken again replaced it: that one is completed instead
        self._store(doc, key, full, True)
        checker = passes.state()[0]
        if checker is not None:
            doc.recent.completed(full, lambda waiting: not doc.scripts.still_waiting(checker, waiting))
        return full

    def result_now(self, doc: Document) -> LintResult:
        """The current result, linting on this thread if none is cached (for sync callers)."""
        cached = self.cached(doc)
        if cached is not None:
            return cached
        recalled = self._recalled(doc, self.key(doc))
        if recalled is not None:
            return recalled
        result, complete = self._lint_document(doc, doc.text, self.config_for(doc), doc.path, self.last_analysis(doc))
        self._store(doc, self.key(doc), result, complete)
        return result


def with_shellcheck(
    result: LintResult, findings: list[Violation], text: str, config: Config, path: str | None
) -> LintResult:
    """``result`` with its ShellCheck findings replaced by ``findings`` (suppressed, filtered and
    ordered as a full lint would), without running the rules again."""
    import dataclasses

    from stanzalint.engine import document_order, lint

    checked = lint(
        text, config, path, rules=[], extra=lambda d, a: findings, parsed=(result.dockerfile, result.analysis)
    )
    merged = [v for v in result.violations if not v.code.startswith("SC")] + checked.violations
    merged.sort(key=document_order)
    return dataclasses.replace(result, violations=merged, failures=result.failures + checked.failures)


def _findings_memo() -> FindingsMemo:
    from stanzalint.findings_memo import FindingsMemo

    return FindingsMemo()


def _known_scripts() -> KnownScripts:
    from stanzalint.lsp.shellcheck_pass import KnownScripts

    return KnownScripts()


def _encoder() -> DiagnosticEncoder:
    from stanzalint.lsp.diagnostic_json import DiagnosticEncoder

    return DiagnosticEncoder()


def _change_since_lint(doc: Document, edit: Edit | None, text: str) -> TextChange | None:
    """What changed in ``doc`` once ``edit`` made ``text`` of its text: from the text of its
    newest lint result when the change kept so far starts there (a lint takes that result as
    its previous one), else from the text before the edit."""
    step = None if edit is None else edit.change
    if step is None or step.before is not doc.text or step.after is not text:
        return None
    kept, linted = doc.change, doc.result[1].dockerfile.text if doc.result is not None else None
    if kept is not None and kept.before is linted and kept.after is doc.text and linted is not doc.text:
        return kept.then(step)
    return step


def _edit_between(change: TextChange | None, previous: Analysis | None, text: str) -> tuple[int, int, int] | None:
    """The range ``change`` replaced, when it goes from the text of ``previous`` to ``text``
    (the document may have changed again since it was read), for ``prepare``."""
    if change is None or previous is None or change.before is not previous.dockerfile.text or change.after is not text:
        return None
    return change.edit


def _newer(a: Key, b: Key) -> bool:
    """Whether a result for key ``a`` may replace one for ``b`` (revisions and generations grow)."""
    return (a[1], a[0]) >= (b[1], b[0])
