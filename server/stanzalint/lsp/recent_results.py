"""The lint results of a document's last few texts, taken again when an edit brings one back.

Erasing what was just typed, or an undo, gives the document a text it had a few keystrokes ago.
A lint of that text finds what the lint of it then found, as long as everything else the lint
reads is the same: the configuration, the file's path, the store's settings, the build context
(``KNOWN.generation`` and the context directory), what the rules linted whole read from the disk
and the clock at every lint (the ignore files beside the Dockerfile, today's date) and what
ShellCheck knows (the same checker; for a result that lacked some scripts' findings, ShellCheck
still lacking every one of them). The store then takes that result again instead of linting
(``DocumentStore.result``): the erase costs a comparison of texts, and its diagnostics are the
very ones published for that text before.

Only a lint through the document's memo is remembered (one at a time: it holds the memo's
lock), and at most ``RECENT_TEXTS`` texts, the least recently linted or taken again let go
first; a result let go is handed back for the store to release after its next write.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from stanzalint.config import Config
    from stanzalint.engine import LintResult
    from stanzalint.lsp.shellcheck_pass import Waiting
    from stanzalint.shellcheck import ShellCheck

#: how many texts' results a document keeps: a word of up to three characters typed and erased
#: again finds every text on the way back (the text before it and after each character but the last)
RECENT_TEXTS = 4


@dataclass(frozen=True, eq=False)
class LintInputs:
    """What a lint reads besides the text: a result stands for another lint of its text only
    when these are the same (``same``)."""

    config: Config
    path: str | None
    settings: int  # the store's generation, changed with the settings
    context: int  # the build context's generation, read before the lint
    outside: Hashable  # what the rules read outside the text and the build context (``outside``)
    checker: ShellCheck | None  # the ShellCheck pass's checker
    settled: bool  # whether the ShellCheck pass knows for good whether it has a checker

    def same(self, other: LintInputs) -> bool:
        """Whether ``other`` is the same inputs: the same configuration and checker objects (the
        store keeps one configuration per directory and settings until they change), and equal
        values otherwise."""
        return (
            self.config is other.config
            and self.checker is other.checker
            and (self.path, self.settings, self.context, self.outside, self.settled)
            == (other.path, other.settings, other.context, other.outside, other.settled)
        )


def outside(path: str | None) -> Hashable:
    """What a lint of the Dockerfile at ``path`` reads besides its text and the build context's
    cache, at every lint: today's date (end-of-life dates), the build context's directory (the
    workspace folders decide it; asking it notes a change of them in ``KNOWN.generation``), and
    the ignore files BuildKit would read for it (each one's inode, size and modification time)."""
    from stanzalint.context.known import KNOWN

    today = date.today().toordinal()
    if path is None:
        return today
    specific = os.path.abspath(path) + ".dockerignore"
    shared = os.path.join(os.path.dirname(os.path.abspath(path)), ".dockerignore")
    return today, KNOWN.context_dir(path), _stamp(specific), _stamp(shared)


def _stamp(path: str) -> tuple[int, int, int] | None:
    """A file's inode, size and modification time, or None when it is not a file."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns) if stat.S_ISREG(found.st_mode) else None


@dataclass(frozen=True)
class _Recent:
    result: LintResult
    inputs: LintInputs
    #: what ShellCheck had yet to see when the result was made (none: it knew every script)
    waiting: Sequence[Waiting]


class RecentResults:
    """One document's results of its last ``RECENT_TEXTS`` texts linted through its memo, the
    newest last."""

    __slots__ = ("_recent",)

    def __init__(self) -> None:
        self._recent: tuple[_Recent, ...] = ()  # replaced whole: the event loop reads it while a worker lints

    def __len__(self) -> int:
        return len(self._recent)

    def remember(self, result: LintResult, inputs: LintInputs, waiting: Sequence[Waiting]) -> LintResult | None:
        """Keep ``result``, made from ``inputs`` with ShellCheck still to see ``waiting``; the
        result let go to make room (the store releases it after its next write), if any."""
        text = result.dockerfile.text
        kept = [r for r in self._recent if r.result.dockerfile.text is not text]
        kept.append(_Recent(result, inputs, tuple(waiting)))
        dropped = kept.pop(0).result if len(kept) > RECENT_TEXTS else None
        self._recent = tuple(kept)
        return dropped

    def completed(self, full: LintResult, seen: Callable[[Waiting], bool]) -> None:
        """``full`` has ShellCheck's findings about every script of its text: it stands for that
        text from now on, as complete when ShellCheck has ``seen`` every script the result it
        replaces (made from the same text object) waited for (a failed run answers nothing and
        keeps nothing: a later lint asks again)."""
        text = full.dockerfile.text
        self._recent = tuple(
            self._completed(r, full, seen) if r.result.dockerfile.text is text else r for r in self._recent
        )

    @staticmethod
    def _completed(recent: _Recent, full: LintResult, seen: Callable[[Waiting], bool]) -> _Recent:
        return _Recent(full, recent.inputs, ()) if all(map(seen, recent.waiting)) else recent

    def find(
        self, text: str, inputs: Callable[[], LintInputs], still_waiting: Callable[[LintInputs, Waiting], bool]
    ) -> tuple[LintResult, bool] | None:
        """The result remembered for a text equal to ``text`` made from the same inputs as a
        lint made now would read (``inputs()``, asked only when a text is equal), when ShellCheck
        has yet to see all it had yet to see then (``still_waiting``, given those inputs), and
        whether it has every ShellCheck finding; None otherwise. Texts of another length are
        not compared."""
        size = len(text)
        for recent in reversed(self._recent):
            linted = recent.result.dockerfile.text
            if len(linted) == size and linted == text:
                now = inputs()
                if not (recent.inputs.same(now) and all(still_waiting(now, w) for w in recent.waiting)):
                    return None
                # the newest now: erasing a word takes its texts back in the order they were typed
                self._recent = (*(r for r in self._recent if r is not recent), recent)
                return recent.result, not recent.waiting
        return None

    def clear(self) -> list[LintResult]:
        """Forget every result (the settings changed); the results, for the store to release."""
        dropped = [r.result for r in self._recent]
        self._recent = ()
        return dropped
