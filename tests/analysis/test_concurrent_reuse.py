"""Two lints preparing from the same previous analysis at once (the language server lints in two
threads): the moved stages' scopes that both make or read from it are made once, whole, and
each new analysis equals a fresh one."""

from __future__ import annotations

import threading

from stanzalint.analysis.scope import MovedScopes
from stanzalint.config import Config
from stanzalint.engine import prepare

CONFIG = Config()
#: many stages, each with variables, so that an edit near the top moves them all (their scopes
#: made when asked) and an edit far below resumes inside one of them
TEXT = "".join(
    f"FROM debian:12 AS s{n}\nARG V{n}=1\nENV E{n}=$V{n}\n"
    + "".join(f"RUN echo $V{n} $E{n} {k}\nENV F{k}=$E{n}\n" for k in range(6))
    for n in range(8)
)


def _scopes(analysis) -> list:
    return [
        sorted((name, d.value) for name, d in analysis.visible_vars(ins).items())
        for ins in analysis.dockerfile.instructions
    ]


def _edited(text: str, stage: int, inserted: str) -> str:
    at = text.index(f"RUN echo $V{stage} $E{stage} 3") + len("RUN ")
    return text[:at] + inserted + text[at:]


def test_a_lint_making_a_moved_stages_scopes_is_not_seen_half_way_by_another(monkeypatch):
    """The first lint stops while it makes the scopes of the stage its edit is in; the second,
    from the same previous analysis, edits the same stage (it waits for the first, or, while
    the first is stopped, must not find those scopes half made)."""
    moved_all = TEXT.replace("RUN echo $V0", "RUN x echo $V0", 1)
    texts = [_edited(moved_all, 5, "y "), _edited(moved_all, 5, "zz ")]
    expected = [_scopes(prepare(text, CONFIG)[1]) for text in texts]
    _, shared = prepare(moved_all, CONFIG, prepare(TEXT, CONFIG)[1])
    first_stopped, second_done = threading.Event(), threading.Event()
    make = MovedScopes.scope

    def scope(self, at):
        if threading.current_thread().name == "first" and not first_stopped.is_set():
            first_stopped.set()
            second_done.wait(timeout=1.0)  # the second lint runs now, or waits for this one
        return make(self, at)

    monkeypatch.setattr(MovedScopes, "scope", scope)
    found: dict[int, object] = {}

    def lint(n: int) -> None:
        try:
            found[n] = _scopes(prepare(texts[n], CONFIG, shared)[1])
        except Exception as error:  # compared below
            found[n] = error
        if n == 1:
            second_done.set()

    first = threading.Thread(target=lint, args=(0,), name="first")
    first.start()
    assert first_stopped.wait(timeout=10)
    second = threading.Thread(target=lint, args=(1,), name="second")
    second.start()
    first.join()
    second.join()
    assert [found[0], found[1]] == expected
