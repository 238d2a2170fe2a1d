"""ShellCheck for the language server, kept off the edit path.

A lint on the edit path includes only the ShellCheck findings already known for the file's
scripts (the results are cached by script content, so an edit elsewhere keeps them all). When a
script is new, the lint says so, and the server runs ShellCheck for it in a worker and publishes
again once the merged list is ready and the document has not changed since. What a lint finds
known is remembered per RUN across the document's lints (``KnownScripts``), so a keystroke pays
for the RUN instructions it changed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from stanzalint.analysis.model import Analysis
    from stanzalint.config import Config
    from stanzalint.findings import Severity, Violation
    from stanzalint.shellcheck import Finding, ShellCheck
    from stanzalint.syntax.model import Dockerfile, Instruction

#: A finding about one RUN, relative to the RUN's start: code, start, end, message, severity,
#: name, and the line of the instruction it belongs to (all offsets and lines relative)
Relative = tuple[str, int, int, str, "Severity", str, int]
#: What decides a RUN's findings besides its text: its dialect and the names declared to it
Context = tuple[str, tuple[str, ...]]
#: The most contexts remembered for one RUN text (beyond, its answers start afresh)
MAX_CONTEXTS = 8


class ShellCheckPass:
    """One ShellCheck runner for the server, started in the background on first use."""

    def __init__(self, factory: Callable[[], ShellCheck | None] | None = None) -> None:
        self._factory = factory
        self._checker: ShellCheck | None = None
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self._starting = False

    def enabled(self, config: Config) -> bool:
        """ShellCheck findings can be reported under ``config`` (``shellcheck.enable`` and
        select/ignore leave some SC code on)."""
        from stanzalint.config import Selection

        return Selection(config).shellcheck_enabled

    def checker(self) -> ShellCheck | None:
        """The ShellCheck runner once it is known to work, else None (never blocks)."""
        return self.state()[0]

    def state(self) -> tuple[ShellCheck | None, bool]:
        """(runner or None, settled): settled is False while the runner is still starting, so
        a lint made now lacks ShellCheck's findings that are still to come. Read once, before
        the lint: the runner may finish starting while the lint runs."""
        if self._ready.is_set():
            return self._checker, True
        with self._lock:
            if not self._starting:
                self._starting = True
                threading.Thread(target=self._start, name="stanzalint-shellcheck-start", daemon=True).start()
        return None, False

    def wait_checker(self, timeout: float | None = None) -> ShellCheck | None:
        """The runner, waiting for it to start (in a worker thread only)."""
        self.checker()
        self._ready.wait(timeout)
        return self._checker

    def _start(self) -> None:
        try:
            if self._factory is not None:
                checker = self._factory()
            else:
                from stanzalint.shellcheck import ShellCheck

                checker = ShellCheck()
            self._checker = checker if checker is not None and checker.available else None
        except Exception:  # no ShellCheck: the server lints without it
            self._checker = None
        finally:
            self._ready.set()

    @staticmethod
    def known(
        checker: ShellCheck, dockerfile: Dockerfile, analysis: Analysis, scripts: KnownScripts | None = None
    ) -> tuple[list[Violation], bool]:
        """The findings ShellCheck's cache already holds for the file's scripts, and whether
        that is all of them; ``scripts`` is the document's memo of them (None: none)."""
        return (scripts if scripts is not None else KnownScripts()).known(checker, dockerfile, analysis)

    @staticmethod
    def all(checker: ShellCheck, dockerfile: Dockerfile, analysis: Analysis) -> list[Violation]:
        """Every finding, running ShellCheck for the scripts not yet known."""
        from stanzalint.shellcheck import findings_for

        return findings_for(dockerfile, analysis, checker)


class KnownScripts:
    """ShellCheck's known findings about each RUN of one document, remembered across its lints.

    What ShellCheck says about a RUN is decided by its text with the file's escape character
    (its scripts), its dialect, and which of the names its scripts use are declared to them
    (``shellcheck.shell_runs``, ``is_declared``). With those equal, a lint takes the findings
    remembered relative to the RUN's start and moves them to where the RUN now stands, instead of
    finding its scripts, hashing them, asking the cache and mapping the findings again. Only a
    complete answer is remembered: a RUN with a script ShellCheck has not seen yet is asked about
    again by the next lint (and an answer, once known, stays while the document uses it, even if
    ShellCheck's own cache lets it go: it is ShellCheck's answer all the same). A RUN text lives
    while the last lint or the one before used it (an undo finds the text before the edit), with
    the answers for at most ``MAX_CONTEXTS`` contexts; everything goes with the document, or when
    the ShellCheck version changes. Used by one lint at a time.
    """

    def __init__(self) -> None:
        #: (escape, RUN text) -> the names its scripts use (sorted), and its findings (relative)
        #: by its dialect and the names declared to it
        self._rows: dict[tuple[str, str], tuple[tuple[str, ...], dict[Context, tuple[Relative, ...]]]] = {}
        self._rows_before: dict[tuple[str, str], tuple[tuple[str, ...], dict[Context, tuple[Relative, ...]]]] = {}
        self._version: str | None = None

    def __len__(self) -> int:
        return len(self._rows) + len(self._rows_before)

    def known(self, checker: ShellCheck, dockerfile: Dockerfile, analysis: Analysis) -> tuple[list[Violation], bool]:
        """As ``ShellCheckPass.known``, paying only for the RUN instructions not seen lately."""
        from functools import partial

        from stanzalint.shellcheck import is_declared, shell_runs

        version = checker.version
        if version != self._version:
            self._rows, self._version = {}, version
        self._rows_before, self._rows = self._rows, {}
        rows, before = self._rows, self._rows_before
        text, escape = dockerfile.text, dockerfile.escape
        found: list[Violation] = []
        complete = True
        for row, ins, dialect, fragment_names in shell_runs(dockerfile, analysis):
            start = row.span.start
            key = (escape, text[start : row.span.end])
            entry = rows.get(key)
            if entry is None:
                entry = before.get(key)
                if entry is None:
                    entry = _used_names(ins, dialect), {}
                rows[key] = entry
            names, answers = entry
            declared = tuple(filter(partial(is_declared, analysis, ins, fragment_names), names)) if names else ()
            relative = answers.get((dialect, declared))
            if relative is None:
                relative = _relative_findings(checker, ins, dialect, declared, start, row.start_line)
                if relative is None:
                    complete = False
                    continue
                if len(answers) >= MAX_CONTEXTS:
                    answers.clear()
                answers[(dialect, declared)] = relative
            if relative:
                found.extend(_placed(relative, start, row.start_line))
        return found, complete


def _used_names(ins: Instruction, dialect: str) -> tuple[str, ...]:
    """The names the scripts of ``ins`` use, sorted."""
    from stanzalint.shellcheck import scripts_in

    return tuple(sorted({n for script in scripts_in(ins, dialect, lambda name: True) for n in script.declared}))


def _relative_findings(
    checker: ShellCheck, ins: Instruction, dialect: str, declared: tuple[str, ...], start: int, line: int
) -> tuple[Relative, ...] | None:
    """The known findings about the scripts of ``ins`` (in a row starting at offset ``start`` and
    line ``line``), relative to the row; None when ShellCheck has yet to see one of them."""
    from stanzalint.shellcheck import scripts_in, to_violations

    scripts = scripts_in(ins, dialect, set(declared).__contains__)
    version = checker.version
    results: dict[str, list[Finding]] = {}
    for script in scripts:
        key = script.key(version)
        recalled = checker.recall(key)  # memory, then the disk cache; never runs ShellCheck
        if recalled is None:
            return None
        results[key] = recalled
    return tuple(
        (
            v.code,
            v.span.start - start,
            v.span.end - start,
            v.message,
            v.severity,
            v.name,
            (v.instruction_line if v.instruction_line is not None else line) - line,
        )
        for v in to_violations(scripts, results, version)
    )


def _placed(relative: tuple[Relative, ...], start: int, line: int) -> Iterator[Violation]:
    """New findings from ``relative`` ones, for a row at offset ``start`` and line ``line``."""
    from stanzalint.findings import Violation
    from stanzalint.syntax.model import Span

    for code, begin, end, message, severity, name, lines in relative:
        yield Violation(
            code, Span(start + begin, start + end), message, severity, name=name, instruction_line=line + lines
        )
