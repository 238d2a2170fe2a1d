"""ShellCheck for the language server, kept off the edit path.

A lint on the edit path includes only the ShellCheck findings already known for the file's
scripts (the results are cached by script content, so an edit elsewhere keeps them all). When a
script is new, the lint says so, and the server runs ShellCheck for it in a worker and publishes
again once the merged list is ready and the document has not changed since.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from stanzalint.analysis.model import Analysis
    from stanzalint.config import Config
    from stanzalint.findings import Violation
    from stanzalint.shellcheck import ShellCheck
    from stanzalint.syntax.model import Dockerfile


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
    def known(checker: ShellCheck, dockerfile: Dockerfile, analysis: Analysis) -> tuple[list[Violation], bool]:
        """The findings ShellCheck's cache already holds for the file's scripts, and whether
        that is all of them."""
        from stanzalint.shellcheck import scripts_of, to_violations

        scripts = scripts_of(dockerfile, analysis)
        if not scripts:
            return [], True
        version = checker.version
        results = {}
        complete = True
        for script in scripts:
            key = script.key(version)
            if key in results:
                continue
            found = checker.recall(key)  # memory, then the disk cache; never runs ShellCheck
            if found is None:
                complete = False
            else:
                results[key] = found
        return to_violations(scripts, results, version), complete

    @staticmethod
    def all(checker: ShellCheck, dockerfile: Dockerfile, analysis: Analysis) -> list[Violation]:
        """Every finding, running ShellCheck for the scripts not yet known."""
        from stanzalint.shellcheck import findings_for

        return findings_for(dockerfile, analysis, checker)
