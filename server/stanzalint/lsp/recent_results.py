"""The lint results of a document's last few texts, taken again when an edit brings one back.

Erasing what was just typed, or an undo, gives the document a text it had a few keystrokes ago.
A lint of that text finds what the lint of it then found, as long as everything else the lint
reads is the same: the configuration, the file's path, the store's settings, the build context
(``KNOWN.generation``) and what ShellCheck knows (the same checker; for a result that lacked
some scripts' findings, ShellCheck still lacking every one of them). The store then takes that
result again instead of linting (``DocumentStore.result``): the erase costs a comparison of
texts, and its diagnostics are the very ones published for that text before.

Only a lint through the document's memo is remembered (one at a time: it holds the memo's
lock), and at most ``RECENT_TEXTS`` texts, the least recently linted or taken again let go
first; a result let go is handed back for the store to release after its next write.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
    checker: ShellCheck | None  # the ShellCheck pass's checker
    settled: bool  # whether the ShellCheck pass knows for good whether it has a checker

    def same(self, other: LintInputs) -> bool:
        """Whether ``other`` is the same inputs: the same configuration and checker objects (the
        store keeps one configuration per directory and settings until they change), and equal
        values otherwise."""
        return (
            self.config is other.config
            and self.checker is other.checker
            and (self.path, self.settings, self.context, self.settled)
            == (other.path, other.settings, other.context, other.settled)
        )


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

    def completed(self, result: LintResult, full: LintResult) -> None:
        """``full`` is ``result`` with every ShellCheck finding: it stands for its text from now on."""
        self._recent = tuple(_Recent(full, r.inputs, ()) if r.result is result else r for r in self._recent)

    def find(
        self, text: str, inputs: LintInputs, still_waiting: Callable[[Waiting], bool]
    ) -> tuple[LintResult, bool] | None:
        """The result remembered for a text equal to ``text`` made from the same ``inputs``,
        when ShellCheck has yet to see all it had yet to see then (``still_waiting``), and
        whether it has every ShellCheck finding; None otherwise. Texts of another length are
        not compared."""
        size = len(text)
        for recent in reversed(self._recent):
            linted = recent.result.dockerfile.text
            if len(linted) == size and linted == text:
                if not (recent.inputs.same(inputs) and all(map(still_waiting, recent.waiting))):
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
