"""Variable scopes as BuildKit applies them, and the predefined build arguments.

Decisions (BuildKit dockerfile2llb behaviour):

- Global scope (FROM lines, values of ARGs before the first FROM): the global ARGs and the
  automatic platform ARGs (``TARGETPLATFORM``... ``BUILDVARIANT``, ``TARGETSTAGE``).
- Stage scope (what BuildKit expands: ARG, ENV, COPY, ADD, LABEL, USER, WORKDIR, ...): ENV
  (inherited through ``FROM <stage>``) shadowing the stage's own ARGs. A global ARG is not
  visible until redeclared with ``ARG X``, which then takes the global default; the platform
  ARGs likewise need ``ARG TARGETARCH``. A stage built ``FROM <stage>`` inherits that stage's
  ARGs as well as its ENV (BuildKit copies the base's build args).
- Shell scope (shell-form RUN and its heredoc scripts): the stage scope plus the proxy ARGs,
  which BuildKit hands to every RUN's environment without a declaration.
- Runtime scope (shell-form CMD, ENTRYPOINT, HEALTHCHECK run in the container): ENV only.

A declared variable whose value cannot be known here (``ARG X`` without default, a platform
ARG) is set with value ``None``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import overload

from stanzalint.analysis.model import VarDecl

PLATFORM_ARGS = (
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETSTAGE",
)
PROXY_ARGS = (
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
)
# Build arguments the BuildKit frontend reads itself; declaring them is meaningful, not unused.
BUILDKIT_ARGS = (
    "BUILDKIT_CACHE_MOUNT_NS",
    "BUILDKIT_CONTEXT_KEEP_GIT_DIR",
    "BUILDKIT_INLINE_CACHE",
    "BUILDKIT_MULTI_PLATFORM",
    "BUILDKIT_SANDBOX_HOSTNAME",
    "BUILDKIT_SBOM_SCAN_CONTEXT",
    "BUILDKIT_SBOM_SCAN_STAGE",
    "BUILDKIT_SYNTAX",
    "BUILDKIT_DOCKERFILE_CHECK",
    "SOURCE_DATE_EPOCH",
)
PREDEFINED_ARGS = frozenset(PLATFORM_ARGS + PROXY_ARGS + BUILDKIT_ARGS)


def predefined(name: str) -> VarDecl:
    return VarDecl(name=name, kind="predefined", instruction=None, name_span=None, value=None)


PLATFORM_DECLS: dict[str, list[VarDecl]] = {n: [predefined(n)] for n in PLATFORM_ARGS}
PROXY_DECLS: dict[str, list[VarDecl]] = {n: [predefined(n)] for n in PROXY_ARGS}
_EMPTY: dict[str, list[VarDecl]] = {}


class History:
    """A stage's variable table as it grows during the walk, kept as each name's history so
    that a view of it at any point costs nothing to take (copying the table at every ARG or ENV
    would make a long stage quadratic). A stage built ``FROM <stage>`` starts a history on top
    of its base's view at the base's end; a walk resumed in the middle of a stage starts one on
    top of the view of the stage's walked history there (``resumed``)."""

    __slots__ = ("steps", "values", "parent", "inherited", "_clock", "resumes")

    def __init__(self, parent: TableView | None = None) -> None:
        self.steps: dict[str, list[int]] = {}
        self.values: dict[str, list[list[VarDecl]]] = {}
        self.parent = parent
        # name -> what ``parent`` answers for it (a view never changes): a stage at the end of a
        # long chain reads its base's answer instead of walking the chain again
        self.inherited: dict[str, list[VarDecl] | None] = {}
        self._clock = 0
        #: ``parent`` is a view of a walked history of the same stage (never itself resumed),
        #: whose steps this one numbers on: its steps come after the parent's (``resumed``)
        self.resumes = False

    def view(self) -> TableView:
        """The table as it is now; later ``set`` calls do not show in it."""
        return TableView(self, self._clock)

    def set(self, name: str, decls: list[VarDecl]) -> None:
        self._clock += 1
        self.steps.setdefault(name, []).append(self._clock)
        self.values.setdefault(name, []).append(decls)

    @classmethod
    def resumed(cls, view: TableView) -> History:
        """A history that is ``view``'s table and grows on from there, leaving ``view``'s own
        history as it is (an incremental analysis goes on walking a stage from the middle). It
        stands on the view of the walked history under ``view``: ``view`` itself, or the one a
        resumed history stands on, with that one's own steps up to ``view`` copied (none when
        the walk resumes where that one did, as typing in one place does), so that no chain of
        histories grows edit after edit."""
        old = view.history
        if not old.resumes:  # a walked or moved stage's history: never changed again
            history = cls(view)
        else:
            below = old.parent
            assert below is not None and view.step >= below.step  # its views come after its start
            history = cls(below)
            if view.step > below.step:
                history._copy_steps(old, view.step)
        history._clock = view.step
        history.resumes = True
        return history

    def _copy_steps(self, old: History, until: int) -> None:
        """Take ``old``'s own steps up to step ``until``."""
        for name, steps in old.steps.items():
            kept = bisect.bisect_right(steps, until)
            if kept:
                self.steps[name] = steps[:kept]
                self.values[name] = old.values[name][:kept]

    def steps_after(self, after: int) -> Iterator[tuple[str, list[int], list[list[VarDecl]]]]:
        """(name, steps, their values) of each name set after step ``after``: the steps of the
        walked history a resumed one stands on (up to its view) come before its own."""
        if self.resumes:
            below = self.parent
            assert below is not None
            if below.step > after:
                yield from _steps_between(below.history, after, below.step)
        yield from _steps_between(self, after, self._clock)

    def flat(self) -> tuple[dict[str, list[int]], dict[str, list[list[VarDecl]]], TableView | None]:
        """(steps, values, parent) of the table as one history that resumes none: a resumed one's
        walked history's steps up to its view, then its own, on that history's parent."""
        if not self.resumes:
            return self.steps, self.values, self.parent
        below = self.parent
        assert below is not None
        steps: dict[str, list[int]] = {}
        values: dict[str, list[list[VarDecl]]] = {}
        for name, kept_steps, kept_values in _steps_between(below.history, 0, below.step):
            steps[name], values[name] = kept_steps, kept_values
        for name, own in self.steps.items():
            steps[name] = steps.get(name, []) + own
            values[name] = values.get(name, []) + self.values[name]
        return steps, values, below.history.parent


def _steps_between(history: History, after: int, until: int) -> Iterator[tuple[str, list[int], list[list[VarDecl]]]]:
    """(name, steps, their values) of ``history``'s own steps after ``after`` up to ``until``
    (new lists), for each name that has some."""
    for name, steps in history.steps.items():
        first = bisect.bisect_right(steps, after)
        end = bisect.bisect_right(steps, until, first)
        if first < end:
            yield name, steps[first:end], history.values[name][first:end]


class TableView:
    """A ``History`` as it was at one step: read like a ``{name: [VarDecl, ...]}`` dict."""

    __slots__ = ("history", "step")

    def __init__(self, history: History, step: int) -> None:
        self.history = history
        self.step = step

    def is_current(self) -> bool:
        """Nothing was set in the history since this view was taken: it reads as a new one would."""
        return self.step == self.history._clock

    @overload
    def get(self, name: str, default: list[VarDecl]) -> list[VarDecl]: ...
    @overload
    def get(self, name: str, default: None = None) -> list[VarDecl] | None: ...
    def get(self, name: str, default: list[VarDecl] | None = None) -> list[VarDecl] | None:
        passed: list[History] = []  # the histories whose parent's answer is the one found
        found: list[VarDecl] | None
        view = self
        while True:
            history = view.history
            steps = history.steps.get(name)
            at = bisect.bisect_right(steps, view.step) if steps else 0
            if at:
                found = history.values[name][at - 1]
                break
            if name in history.inherited:
                found = history.inherited[name]
                break
            passed.append(history)
            if history.parent is None:
                found = None
                break
            view = history.parent
        for history in passed:
            if history.parent is not None:
                history.inherited[name] = found
        return default if found is None else found

    def items(self) -> Iterator[tuple[str, list[VarDecl]]]:
        names: dict[str, None] = {}
        view: TableView | None = self
        while view is not None:
            names.update(dict.fromkeys(view.history.steps))
            view = view.history.parent
        for name in names:
            found = self.get(name)
            if found is not None:
                yield name, found


def empty_view() -> TableView:
    return History().view()


class Scope:
    """The variables visible at one instruction, in lookup order.

    Each table (a dict or a ``TableView``) maps a name to its declarations: the effective one
    first, then the ones it takes its value from (a stage ``ARG X`` followed by the global
    ``ARG X=1``).
    """

    __slots__ = ("kind", "tables")

    def __init__(self, kind: str, *tables: TableView | dict[str, list[VarDecl]]) -> None:
        self.kind = kind  # "global" | "build" | "shell" | "runtime"
        self.tables = tables

    def decls(self, name: str) -> list[VarDecl]:
        for table in self.tables:
            found = table.get(name)
            if found:
                return found
        return []

    def lookup(self, name: str) -> tuple[bool, str | None]:
        for table in self.tables:
            found = table.get(name)
            if found:
                return True, found[0].value
        return False, None

    def visible(self) -> dict[str, VarDecl]:
        """Every visible name and its effective declaration."""
        out: dict[str, VarDecl] = {}
        for table in reversed(self.tables):
            for name, decls in table.items():
                if decls:
                    out[name] = decls[0]
        return out


class MovedScopes:
    """The scopes of a stage's instructions that an edit moved, made when asked for (a keystroke
    moves every stage after it, and the rules ask about few of their instructions).

    ``old[i]`` is the scope the stage's instruction number ``first + i`` had in the analysis the
    stage was last walked in (``first`` is 0 but for the instructions after an edit in the
    stage it resumed); the new scope reads the same steps of ``env`` and ``args``, the stage's
    (ENV, ARG) histories in the new analysis. Instructions that shared a scope share its new
    one. A stage moved again hands ``old`` on as it is, so nothing of the analyses in between
    is kept."""

    __slots__ = ("old", "env", "args", "first", "made")

    def __init__(self, old: list[Scope], env: History, args: History, first: int = 0) -> None:
        self.old = old
        self.env = env
        self.args = args
        self.first = first
        self.made: dict[int, Scope] = {}  # id(old scope) -> its new one

    def scope(self, at: int) -> Scope:
        """The new scope of the stage's instruction number ``at`` (from ``first`` on)."""
        old = self.old[at - self.first]
        if old.kind == "global":
            return old
        made = self.made.get(id(old))
        if made is None:
            env_view, args_view = old.tables
            assert isinstance(env_view, TableView) and isinstance(args_view, TableView)
            made = self.made[id(old)] = Scope(
                old.kind, TableView(self.env, env_view.step), TableView(self.args, args_view.step)
            )
        return made
