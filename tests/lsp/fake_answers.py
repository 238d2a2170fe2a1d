"""What a fake ShellCheck runner tells about changes to its answers, as ``ShellCheck`` does
(``changes``, ``quiet_until``, ``quiet``): they change only when it says so."""

from __future__ import annotations

import math


class AnswersChangeWhenSaid:
    """A fake runner's answers change only at ``changed``; none of its misses expires."""

    changes = 0

    def changed(self) -> None:
        """Its answers may differ from now on: a script it had not seen is seen."""
        self.changes += 1

    def quiet_until(self, key: str) -> float:
        return math.inf

    def quiet(self, changes: int, until: float) -> bool:
        return changes == self.changes
