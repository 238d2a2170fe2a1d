"""ShellCheck for the language server, kept off the edit path.

A lint on the edit path includes only the ShellCheck findings already known for the file's
scripts (the results are cached by script content, so an edit elsewhere keeps them all). When a
script is new, the lint says so, and the server runs ShellCheck for it in a worker and publishes
again once the merged list is ready and the document has not changed since. What a lint finds
known is remembered per RUN across the document's lints (``KnownScripts``), so a keystroke pays
for the RUN instructions it changed; a keystroke inside one RUN does not even walk the others.
"""

from __future__ import annotations

import bisect
import math
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Callable

from stanzalint.lru import put_latest

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
#: A RUN text's entry: the names its scripts use (sorted), and its findings (relative) by its
#: dialect and the names declared to it
Entry = tuple[tuple[str, ...], dict[Context, tuple[Relative, ...]]]
#: The most places a RUN's placed findings are remembered at (``_Run.placed``): typing a word in
#: an earlier RUN and erasing it moves a later one back and forth among a few places
MAX_PLACES = 4
#: The keywords of the instructions that decide something about a RUN's findings: the RUNs
#: themselves, the ARGs and ENVs that declare names to them (``is_declared``), the SHELLs that
#: give their dialect, the FROMs that make the stages (with their names and, through global
#: ARGs, their bases: a stage starts with its base's names and SHELL), ONBUILD for the ones it
#: wraps. The others (COPY --from, LABEL, USER...) are read by neither ``shell_runs`` nor
#: ``Analysis.declaration`` nor ``Analysis.shell_of``: an edit inside one changes no RUN's findings
DECIDING = frozenset({"RUN", "ARG", "ENV", "SHELL", "FROM", "ONBUILD"})
#: A RUN's findings placed lately (``_Run.placed``), by the start and line it stood at: the
#: relative findings placed there, and the findings
_Places = dict[tuple[int, int], tuple[tuple[Relative, ...], tuple["Violation", ...]]]


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

    The last lint's walk over the RUNs is kept too (``_Walk``). When the text changed only
    inside one shell-form RUN, which still ends where the next instruction begins, every other
    instruction is what it was (the parser reads the text after an instruction the same way
    wherever that instruction ends), and so is all that decides another RUN's findings: the
    SHELLs, ARGs, ENVs and stages; the escape character, the ``# hadolint shell=`` comment and
    the build target are compared. Only that RUN, and those ShellCheck had yet to see, are asked
    about: the findings before it are the last lint's own objects, those after it are moved.
    The same holds, with no RUN asked about, when the text changed only between two
    instructions, or only inside one that decides nothing about any RUN (``DECIDING``), or
    inside an ARG or ENV that still declares the same names (a value typed).

    The RUNs of the last walk still waiting for ShellCheck are not asked about again while the
    cache can answer none of them differently (``ShellCheck.quiet``: no result taken in since
    they were asked, and none of the misses they stopped at expired): typing while ShellCheck
    has yet to run on a large file asks only about the RUN typed in.
    """

    def __init__(self) -> None:
        #: (escape, RUN text) -> its entry
        self._rows: dict[tuple[str, str], Entry] = {}
        self._rows_before: dict[tuple[str, str], Entry] = {}
        self._version: str | None = None
        self._walk: _Walk | None = None
        #: (the cache's ``changes`` before the last walk asked, when the first miss any of its
        #: waiting runs stopped at expires): while ``quiet``, asking them again misses again
        self._quiet: tuple[int, float] = (-1, -math.inf)
        #: the walk being made: when the first miss its waiting runs stopped at expires
        self._until = math.inf

    def __len__(self) -> int:
        return len(self._rows) + len(self._rows_before)

    def known(self, checker: ShellCheck, dockerfile: Dockerfile, analysis: Analysis) -> tuple[list[Violation], bool]:
        """As ``ShellCheckPass.known``, paying only for the RUN instructions not seen lately."""
        version = checker.version
        if version != self._version:
            self._rows, self._version, self._walk = {}, version, None
        changes = checker.changes  # read before asking: a result taken in meanwhile changes it
        walk = self._walk
        change = walk.change(dockerfile, analysis) if walk is not None else None
        self._walk = None  # its runs are moved on: should the lint fail, the next one walks the file
        if walk is None or change is None:
            self._until = math.inf
            found = self._walked(checker, dockerfile, analysis)
        else:
            quiet = checker.quiet(*self._quiet)
            self._until = self._quiet[1] if quiet else math.inf
            found = self._rewalked(checker, walk, change, dockerfile, analysis, quiet)
        self._quiet = (changes, self._until)
        return found

    def _walked(self, checker: ShellCheck, dockerfile: Dockerfile, analysis: Analysis) -> tuple[list[Violation], bool]:
        """Every RUN's findings, each RUN's text looked up among the last two lints'."""
        from stanzalint.shellcheck import shell_runs

        self._rows_before, self._rows = self._rows, {}
        index = {id(row): i for i, row in enumerate(dockerfile.instructions)}
        runs: list[_Run] = []
        found: list[Violation] = []
        names: frozenset[str] = frozenset()
        for row, ins, dialect, fragment_names in shell_runs(dockerfile, analysis):
            if len(names) != len(fragment_names):  # the set only grows
                names = frozenset(fragment_names)
            run = _Run(index[id(row)], row is ins, dialect, names)
            run.place(dockerfile)
            self._answer(checker, run, ins, dockerfile, analysis)
            run.first = len(found)
            runs.append(run)
            if run.relative:
                found.extend(run.placed())
        return self._kept(_Walk(dockerfile, analysis, checker.version, runs, found))

    def _rewalked(
        self, checker: ShellCheck, walk: _Walk, change: Change, dockerfile: Dockerfile, analysis: Analysis, quiet: bool
    ) -> tuple[list[Violation], bool]:
        """The last walk's findings, with those of the RUNs the edit since touched (``change``)
        and of the RUNs ShellCheck had yet to see asked about again, unless the cache is
        ``quiet`` since the last walk asked. The last walk's runs after the edit are moved where
        they stand now (the walk is done with)."""
        first, again, lines = change
        self._rows_before, self._rows = self._rows, {}
        for earlier in () if quiet else walk.runs[:first]:
            if earlier.relative is None:
                self._asked_again(checker, earlier, dockerfile, analysis)
                if earlier.relative is not None:  # ShellCheck has seen it since: its findings go in between
                    self._rows = self._rows_before
                    return self._walked(checker, dockerfile, analysis)
        read = [_Run(old.index, old.plain, old.dialect, old.names) for old in walk.runs[first:again]]
        for run in read:
            run.place(dockerfile)
        delta = len(dockerfile.text) - len(walk.text)
        runs = walk.runs[:first]
        found = walk.found[: walk.runs[first].first] if first < len(walk.runs) else list(walk.found)
        later = walk.runs[again:]
        if delta or lines:
            for run in later:
                run.move(delta, lines)
        for now in [*read, *later]:
            if now.relative is None and not (quiet and now.waiting is not None):
                self._asked_again(checker, now, dockerfile, analysis)
            now.first = len(found)
            runs.append(now)
            if now.relative:
                found.extend(now.placed())
        self._rows = {now.key: now.entry for now in runs}
        return self._kept(_Walk(dockerfile, analysis, walk.version, runs, found))

    def _asked_again(self, checker: ShellCheck, run: _Run, dockerfile: Dockerfile, analysis: Analysis) -> None:
        """Ask about a run without findings: one of the last walk's that ShellCheck had yet to
        see, which the edit left as it was (its text and all that decides its findings), has only
        its scripts' keys looked up again, without its scripts read again; a new one is answered."""
        if run.waiting is None:
            self._answer(checker, run, dockerfile.instructions[run.index].effective, dockerfile, analysis)
        else:
            self._recalled(checker, run)

    def waiting(self) -> list[Waiting] | None:
        """What the last walk's RUNs without findings wait for ShellCheck to see (empty: it knew
        every RUN); None when the last lint did not end its walk."""
        walk = self._walk
        if walk is None:
            return None
        return [run.waiting for run in walk.runs if run.relative is None and run.waiting is not None]

    @staticmethod
    def still_waiting(checker: ShellCheck, waiting: Waiting) -> bool:
        """Whether ShellCheck's cache still lacks one of the scripts ``waiting`` stands for."""
        return waiting.relative_findings(checker) is None

    def _kept(self, walk: _Walk) -> tuple[list[Violation], bool]:
        """Keep ``walk`` for the next lint: its findings, and whether ShellCheck knew every RUN."""
        self._walk = walk
        return list(walk.found), all(run.relative is not None for run in walk.runs)

    def _answer(
        self, checker: ShellCheck, run: _Run, ins: Instruction, dockerfile: Dockerfile, analysis: Analysis
    ) -> None:
        """Fill in ``run``'s key, entry and findings (relative) from what the last two lints
        knew about its text, else from ShellCheck's cache (the findings stay None when
        ShellCheck has yet to see one of its scripts). The last instruction's text runs to the
        end of the file: a heredoc left open there reads the final line break too."""
        from functools import partial

        from stanzalint.shellcheck import is_declared

        rows = self._rows
        text = dockerfile.text
        last = run.following == len(text)
        run.key = key = (dockerfile.escape, text[run.start :] if last else text[run.start : run.end])
        entry = rows.get(key)
        if entry is None:
            entry = self._rows_before.get(key)
            if entry is None:
                entry = _used_names(ins, run.dialect), {}
            rows[key] = entry
        run.entry = entry
        names, answers = entry
        declared = tuple(filter(partial(is_declared, analysis, ins, run.names), names)) if names else ()
        relative = answers.get((run.dialect, declared))
        if relative is not None:
            run.relative = relative
            return
        run.waiting = Waiting(checker, ins, (run.dialect, declared), run.start, run.line)
        self._recalled(checker, run)

    def _recalled(self, checker: ShellCheck, run: _Run) -> None:
        """Ask ShellCheck's cache again about the scripts ``run`` waits for: once it knows them
        all, their findings become the run's and its entry's answer for their context; until
        then, the walk notes how long the miss it stopped at lasts."""
        waiting = run.waiting
        assert waiting is not None
        relative = waiting.relative_findings(checker)
        if relative is None:
            self._until = min(self._until, checker.quiet_until(waiting.missing))
            return
        answers = run.entry[1]
        if len(answers) >= MAX_CONTEXTS:
            answers.clear()
        answers[waiting.context] = relative
        run.relative, run.waiting = relative, None


class _Run:
    """A RUN of a walk: its row's number among the instructions, whether the row is the RUN
    itself (not ``ONBUILD RUN``), its dialect, the fragment's names declared before it; its
    span, line, and where the next instruction starts and on which line (the text's end, and
    its last line, when none follows); its text's key and entry, its findings (relative; None
    while ShellCheck has yet to see one of its scripts, which it then waits for), and where they
    start among the walk's; and its findings placed at the places it stood at lately
    (``placed``). The next walk takes it over, moved where it stands then (``move``), when the
    edit left it as it was."""

    __slots__ = (
        *("index", "plain", "dialect", "names", "start", "end", "line", "following", "following_line"),
        *("key", "entry", "relative", "waiting", "first", "places"),
    )

    def __init__(self, index: int, plain: bool, dialect: str, names: frozenset[str]) -> None:
        self.index, self.plain, self.dialect, self.names = index, plain, dialect, names
        self.start = self.end = self.line = self.following = self.following_line = self.first = 0
        self.key: tuple[str, str] = ("", "")
        self.entry: Entry = ((), {})
        self.relative: tuple[Relative, ...] | None = None
        self.waiting: Waiting | None = None
        self.places: _Places = {}

    def place(self, dockerfile: Dockerfile) -> None:
        """Read the run's places from its row in ``dockerfile``."""
        instructions = dockerfile.instructions
        row = instructions[self.index]
        self.start, self.end, self.line = row.span.start, row.span.end, row.start_line
        last = self.index + 1 == len(instructions)
        self.following = len(dockerfile.text) if last else instructions[self.index + 1].span.start
        self.following_line = _following_line(dockerfile, self.index)

    def move(self, delta: int, lines: int) -> None:
        """Move the run ``delta`` characters and ``lines`` lines on."""
        self.start += delta
        self.end += delta
        self.line += lines
        self.following += delta
        self.following_line += lines

    def placed(self) -> tuple[Violation, ...]:
        """The run's findings where it stands: the very findings a lint that found it at this
        start and line, with these relative ones, made (an erase moves a later RUN back to
        where it stood a few keystrokes ago), else new ones, remembered for the next lints."""
        relative = self.relative
        assert relative is not None
        places = self.places
        place = (self.start, self.line)
        known = places.get(place)
        if known is not None and known[0] is relative:
            return known[1]
        found = tuple(_placed(relative, self.start, self.line))
        put_latest(places, place, (relative, found), MAX_PLACES)
        return found


#: Where an edit left a walk's RUNs: the runs before number ``first`` are as they were, those
#: from it to ``again`` are read again, the later ones moved by the edit's length and this many lines
Change = tuple[int, int, int]


class _Walk:
    """What a complete walk over a text's RUNs found, and what it was decided by."""

    def __init__(
        self, dockerfile: Dockerfile, analysis: Analysis, version: str, runs: list[_Run], found: list[Violation]
    ) -> None:
        self.text, self.escape = dockerfile.text, dockerfile.escape
        self.instructions, self.lines = dockerfile.instructions, dockerfile.lines
        self.count = len(dockerfile.instructions)
        self.settings = analysis.shell_pragma, analysis.target
        self.version = version
        self.runs, self.found = runs, found
        self.starts = [run.start for run in runs]

    def change(self, dockerfile: Dockerfile, analysis: Analysis) -> Change | None:
        """Where the change to ``dockerfile``'s text left the walk's RUNs, when it was made
        inside one RUN (``edited_run``), only between two instructions (``edited_between``) or
        inside one instruction that decides nothing about any RUN (``edited_bystander``); None
        when it went further, or changed what decides the RUNs' findings."""
        from stanzalint.syntax.incremental import changed_range

        text, old = dockerfile.text, self.text
        if (
            dockerfile.escape != self.escape
            or len(dockerfile.instructions) != self.count
            or (analysis.shell_pragma, analysis.target) != self.settings
        ):
            return None
        changed = changed_range(old, text)
        prefix, edit_end = (len(old), len(old)) if changed is None else changed[:2]  # edit_end: in the old text
        edited = self.edited_run(dockerfile, prefix, edit_end)
        if edited is None:
            edited = self.edited_between(dockerfile, prefix, edit_end)
        return edited if edited is not None else self.edited_bystander(dockerfile, analysis, prefix, edit_end)

    def edited_run(self, dockerfile: Dockerfile, prefix: int, edit_end: int) -> Change | None:
        """The change when the old text from ``prefix`` to ``edit_end`` was replaced inside one
        shell-form RUN, and every other instruction stands where it stood or moved whole with
        the text after it: that RUN is read again."""
        k = bisect.bisect_right(self.starts, prefix) - 1
        if k < 0:
            return None
        run = self.runs[k]
        if not (run.plain and run.start < prefix and edit_end <= run.end):
            return None
        delta = len(dockerfile.text) - len(self.text)
        instructions = dockerfile.instructions
        row = instructions[run.index]
        if row.keyword != "RUN" or row.is_json or row.span.start != run.start or row.span.end != run.end + delta:
            return None
        if run.index + 1 < len(instructions) and instructions[run.index + 1].span.start != run.following + delta:
            return None
        return k, k + 1, _following_line(dockerfile, run.index) - run.following_line

    def edited_between(self, dockerfile: Dockerfile, prefix: int, edit_end: int) -> Change | None:
        """The change when the old text from ``prefix`` to ``edit_end`` lies between two
        instructions (comments, blank lines), or after the last one, and both stand where they
        stood (the later one moved whole with the text after it): the parse before the edit is
        the same, and from the later one on too, so every RUN and all that decides its findings
        is the last walk's. The RUN right before the edit is read again (its end of text may be
        the file's), the later ones are moved (``following_moved``)."""
        old, new = self.instructions, dockerfile.instructions
        at = bisect.bisect_right(old, prefix, key=_span_start) - 1  # the instruction before the edit
        if at < 0 or old[at].span.end > prefix or new[at].span != old[at].span:
            return None
        if at + 1 < len(old) and edit_end > old[at + 1].span.start:
            return None
        lines = self.following_moved(dockerfile, at)
        if lines is None:
            return None
        before = bisect.bisect_right(self.starts, prefix)  # the runs before the edit
        first = before - 1 if before and self.runs[before - 1].index == at else before
        return first, before, lines

    def edited_bystander(self, dockerfile: Dockerfile, analysis: Analysis, prefix: int, edit_end: int) -> Change | None:
        """The change when the old text from ``prefix`` to ``edit_end`` was replaced inside one
        instruction that decides what it decided about the RUNs' findings (``_decides_as_before``),
        which is the same row before and after the edit (same keyword, starting where it
        started, ending where it ended moved by the edit's length) and the next instruction
        moved whole with the text after it (``following_moved``): the parse before the edit is
        the same, and from the next instruction on too, so every RUN and all that decides its
        findings is the last walk's. None is read again: the RUNs before the edit are as they
        were, the later ones are moved."""
        old, new = self.instructions, dockerfile.instructions
        at = bisect.bisect_right(old, prefix, key=_span_start) - 1  # the instruction edited
        if at < 0:
            return None
        was, now = old[at], new[at]
        if not (was.span.start < prefix and edit_end <= was.span.end):
            return None
        delta = len(dockerfile.text) - len(self.text)
        if now.keyword != was.keyword or now.span.start != was.span.start or now.span.end != was.span.end + delta:
            return None
        if not _decides_as_before(was, now, analysis):
            return None
        lines = self.following_moved(dockerfile, at)
        if lines is None:
            return None
        before = bisect.bisect_right(self.starts, prefix)  # the runs before the edit
        return before, before, lines

    def following_moved(self, dockerfile: Dockerfile, at: int) -> int | None:
        """The lines the instruction after number ``at`` moved, when it moved whole by the
        edit's length, and its first line before its keyword (``LineIndex.text_before``) is as
        it was (0 when none follows); else None. A line continuation there (`` \\`` above a
        FROM) starts it on a line above its keyword: its start line then no longer moves by the
        lines the RUNs after it moved."""
        old, new = self.instructions, dockerfile.instructions
        if at + 1 == len(old):
            return 0
        after, now = old[at + 1], new[at + 1]
        if now.span.start != after.span.start + len(dockerfile.text) - len(self.text):
            return None
        if dockerfile.lines.text_before(now.start_line, now.span.start) != self.lines.text_before(
            after.start_line, after.span.start
        ):
            return None
        return now.start_line - after.start_line


def _decides_as_before(was: Instruction, now: Instruction, analysis: Analysis) -> bool:
    """Whether an instruction edited from ``was`` to ``now`` (the same row, keyword and stage)
    decides what it decided about the RUNs' findings: nothing (its keyword is none of
    ``DECIDING``), or, an ARG or ENV, the same names in the same order (``_declared_names``).
    A script is told which names are declared to it, not their values (``is_declared``:
    ``Analysis.declaration`` finds the ARG or ENV in effect whatever its value, with a default
    or without), except for a global ARG in a file with stages: its value may name the stage a
    FROM is built on (whose names and SHELL that stage starts with)."""
    keyword = was.keyword
    if keyword not in DECIDING:
        return True
    if keyword not in ("ARG", "ENV") or _declared_names(was) != _declared_names(now):
        return False
    if keyword == "ENV" or not analysis.stages:
        return True  # an ENV's value, or an ARG's in a file without stages, names no base stage
    return analysis.stage_of(now) is not None  # a global ARG's value may name the stage a FROM builds on


def _declared_names(ins: Instruction) -> tuple[int, tuple[str, ...]]:
    """The names an ARG or ENV declares, in order, as the analysis and ``shell_runs`` read
    them from its words: an ENV's keys (with the count of its words: an odd last key is
    declared to ``shell_runs``, not to the analysis), an ARG's words before their ``=``."""
    args = ins.args
    if ins.keyword == "ENV":
        return len(args), tuple(token.value for token in args[0::2])
    return len(args), tuple(token.value.partition("=")[0] for token in args)


def _span_start(ins: Instruction) -> int:
    return ins.span.start


def _following_line(dockerfile: Dockerfile, index: int) -> int:
    """The line the instruction after number ``index`` starts on (``_Run.place``)."""
    instructions = dockerfile.instructions
    if index + 1 < len(instructions):
        return instructions[index + 1].start_line
    return dockerfile.text.count("\n")


def _used_names(ins: Instruction, dialect: str) -> tuple[str, ...]:
    """The names the scripts of ``ins`` use, sorted."""
    from stanzalint.shellcheck import scripts_in

    return tuple(sorted({n for script in scripts_in(ins, dialect, lambda name: True) for n in script.declared}))


class Waiting:
    """The scripts of a RUN in one context (dialect, declared names), with their keys and the
    offset and line of the row they were read at: what its findings wait for while ShellCheck
    has yet to see one of them. Kept with the run, so a lint that finds the RUN as it was asks
    the cache about the same keys without reading its scripts again."""

    __slots__ = ("context", "scripts", "keys", "start", "line", "missing")

    def __init__(self, checker: ShellCheck, ins: Instruction, context: Context, start: int, line: int) -> None:
        from stanzalint.shellcheck import scripts_in

        dialect, declared = context
        self.context, self.start, self.line = context, start, line
        self.scripts = scripts_in(ins, dialect, set(declared).__contains__)
        self.keys = [script.key(checker.version) for script in self.scripts]
        #: the key the last ask stopped at, missed
        self.missing = ""

    def relative_findings(self, checker: ShellCheck) -> tuple[Relative, ...] | None:
        """The known findings about the scripts, relative to their row; None when ShellCheck
        has yet to see one of them (``missing``: the first such key)."""
        from stanzalint.shellcheck import to_violations

        results: dict[str, list[Finding]] = {}
        for key in self.keys:
            recalled = checker.recall(key)  # memory, then the disk cache; never runs ShellCheck
            if recalled is None:
                self.missing = key
                return None
            results[key] = recalled
        start, line = self.start, self.line
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
            for v in to_violations(self.scripts, results, checker.version)
        )


def _placed(relative: tuple[Relative, ...], start: int, line: int) -> Iterator[Violation]:
    """New findings from ``relative`` ones, for a row at offset ``start`` and line ``line``."""
    from stanzalint.findings import Violation
    from stanzalint.syntax.model import Span

    for code, begin, end, message, severity, name, lines in relative:
        yield Violation(
            code, Span(start + begin, start + end), message, severity, name=name, instruction_line=line + lines
        )
