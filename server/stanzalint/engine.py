"""lint(text, config) -> violations: parse, analyse, run the enabled rules, suppress, order.

Also the fix loop: apply the fixes of a lint result, and repeat until nothing changes.
"""

from __future__ import annotations

import bisect
import logging
import threading
import traceback
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain, compress, count, islice, repeat
from operator import attrgetter, eq, is_, itemgetter
from typing import Callable, TypeVar, cast

from stanzalint import rules as registry
from stanzalint.analysis import analyze
from stanzalint.analysis.model import Analysis
from stanzalint.config import DEFAULT_DOCS_BASE_URL, Config, Selection
from stanzalint.findings import Severity, Violation
from stanzalint.findings_memo import FindingsMemo
from stanzalint.fixes import apply_fixes
from stanzalint.gcpause import collector_paused
from stanzalint.rules.base import Rule, RuleContext, RuleMeta
from stanzalint.rules.buildkit_checks import EXPERIMENTAL_CHECKS, FILE_LEVEL_CHECKS, build_check_name
from stanzalint.rules.lint_facts import LintFacts
from stanzalint.suppression import Suppressions
from stanzalint.syntax import parse
from stanzalint.syntax.incremental import reparse
from stanzalint.syntax.model import Dockerfile, Instruction, Span
from stanzalint.syntax.pragmas import BuildCheckSettings, build_check_settings

log = logging.getLogger(__name__)

#: what a table ``_shared_table`` keeps holds for each code
V = TypeVar("V")

#: Fix-all stops after this many rounds even if fixes keep applying (a rule bug, not a user's).
MAX_FIX_ROUNDS = 10


@dataclass
class RuleFailure:
    """A rule that raised: the file still gets every other rule's findings."""

    code: str
    error: str
    traceback: str


@dataclass
class LintResult:
    dockerfile: Dockerfile
    analysis: Analysis
    violations: list[Violation]
    failures: list[RuleFailure] = field(default_factory=list)


def severity_override(config: Config, rule_meta: RuleMeta, checks: BuildCheckSettings) -> Severity | None:
    """The configured severity for a rule (by code, name or alias), if any."""
    if config.severity:
        keys = {rule_meta.code.upper(), rule_meta.name.lower(), *(a.lower() for a in rule_meta.aliases)}
        for selector, sev in config.severity.items():
            if selector.upper() in keys or selector.lower() in keys:
                return sev
            if rule_meta.code.startswith(selector.upper()) and selector[:2].isalpha():
                return sev
    if checks.error and _is_build_check(rule_meta):
        return Severity.ERROR
    return None


def _is_build_check(meta: RuleMeta) -> bool:
    return meta.origin == "buildkit" or bool(build_check_name(meta.aliases))


def lint(
    text: str,
    config: Config | None = None,
    path: str | None = None,
    *,
    rules: Sequence[Rule] | None = None,
    extra: Callable[[Dockerfile, Analysis], Iterable[Violation]] | None = None,
    parsed: tuple[Dockerfile, Analysis] | None = None,
    memo: FindingsMemo | None = None,
) -> LintResult:
    """Lint one Dockerfile's text. Never raises for any text: a rule that fails is reported in
    ``failures`` and the others still run. ``extra`` adds findings from outside the registry
    (ShellCheck, trivy) so that they are suppressed and ordered like the rest. ``parsed`` reuses
    ``prepare(text, config)``'s result for this same text. ``memo``, kept by the caller across
    the lints of one document, gives scoped rules' findings about unchanged instructions and
    stages without running them again (the result is the same)."""
    with collector_paused():
        return _lint(text, config, path, rules, extra, parsed, memo)


def _lint(
    text: str,
    config: Config | None,
    path: str | None,
    rules: Sequence[Rule] | None,
    extra: Callable[[Dockerfile, Analysis], Iterable[Violation]] | None,
    parsed: tuple[Dockerfile, Analysis] | None,
    memo: FindingsMemo | None,
) -> LintResult:
    config = config or Config()
    dockerfile, analysis = parsed if parsed is not None else prepare(text, config)
    selection = Selection.of(config)
    active = list(rules) if rules is not None else selection.rules()
    checks = build_check_settings(dockerfile)
    local_checks = {start: checks.merged(own) for start, (_comment, own) in dockerfile.instruction_checks.items()}
    suppressions = Suppressions(dockerfile, lambda: _stage_ranges(analysis), registry.resolve)

    runnable = _runnable(active, checks, local_checks, shared=rules is None)
    found, failures = _run_rules(runnable, dockerfile, analysis, config, path, memo)
    if runnable and memo is None:
        # the rules have run: their shared answers are done with (only rules ask for them). With a
        # memo, the document's next analysis keeps the commands the edit left, answers and all
        analysis.forget_classifications()
    if extra is not None:
        try:
            found.extend(_selected(extra(dockerfile, analysis), selection))
        except Exception as exc:
            log.exception("extra checks failed")
            failures.append(RuleFailure("extra", f"{type(exc).__name__}: {exc}", traceback.format_exc()))

    verdicts = _Verdicts(config, checks, local_checks, suppressions)
    kept = _judged(found, len(text), dockerfile, verdicts, _last_order(memo))
    return LintResult(dockerfile, analysis, kept, failures)


def _selected(findings: Iterable[Violation], selection: Selection) -> list[Violation]:
    """The findings of a code ``selection`` turns on: each code is asked about once, not each
    finding (a lint of a large file is given a hundred ShellCheck findings of a few codes)."""
    findings = list(findings)
    enabled = {code: selection.enabled(code) for code in set(map(_CODE, findings))}
    if all(enabled.values()):
        return findings
    return [v for v in findings if enabled[v.code]]


#: a finding's code
_CODE: Callable[[Violation], str] = attrgetter("code")


def _judged(
    found: list[Violation],
    length: int,
    dockerfile: Dockerfile,
    verdicts: _Verdicts,
    last: _LastOrder | None = None,
) -> list[Violation]:
    """The findings a user sees, in document order: each clamped to the text and given its
    instruction's line; those a pragma or ``# check=`` turns off, and repeats, left out; the
    configured severity set. What depends on the code alone is decided once per code.

    A finding may be shared with a later lint (remembered, cached): one that is clamped or
    given another severity is a copy; the instruction line and rule name filled in where
    missing follow from its code and its place (offsets and line), which a finding shared by
    another lint has again; nothing else of a finding is changed in place (later lints publish
    the same objects: the memo and ShellCheck's pass hand them on). A finding that has its line
    and whose code's verdict keeps it as it is (``_CodeVerdict.as_is``) is only checked for
    repeats: most findings, remembered ones, are such, also in a file with pragmas at some
    instructions when none of them names its code.

    Each finding kept is stored with its place, its code and a number that grows with each
    finding kept: the ordering sorts these tuples (``_Entry``), which are made from what the
    loop reads anyway, instead of reading every finding's place again through a key; the number
    keeps findings at the same place with the same code in the order found, as a stable sort by
    place and code does. While every code's verdict keeps its findings as they are, repeats are
    looked for once the findings are in order (``_without_repeats``), where they stand side by
    side, rather than each finding's key being made and looked up; a finding that lacks its line
    or name is given them once it is known to be no repeat. The first finding whose verdict asks
    for more hands the ones kept so far over to ``_judged_each``.

    ``last``, the document's order of its last lint (through its findings memo), lets a lint
    judge only the findings that are not the last lint's (``_judged_from_last``); such a lint,
    and one that judged every finding as it is, keep their order for the next."""
    if last is not None:
        carried = _judged_from_last(found, length, dockerfile, verdicts, last)
        if carried is not None:
            return carried
    by_code: dict[str, _CodeVerdict] = {}
    entries: list[_Entry] = []
    keep = entries.append
    #: the findings kept so far that lack their instruction's line or their rule's name
    unnamed: list[tuple[Violation, _CodeVerdict]] = []
    dropped = clamped = 0
    for v in found:
        code = v.code
        verdict = by_code.get(code)
        if verdict is None:
            verdict = by_code[code] = verdicts.of(code)
        if verdict.as_is:
            span = v.span
            start, end = span.start, span.end
            if start < 0 or end > length or end < start:
                v = replace(v, span=_clamp(span, length))
                start, end = v.span.start, v.span.end
                clamped += 1
            if v.instruction_line is None or not v.name:
                unnamed.append((v, verdict))
            keep((start, end, code, len(entries), v))
        elif verdict.dropped:
            dropped += 1
        else:
            if last is not None:
                last.forget()
            kept = _keyed(entries, unnamed, dockerfile)
            return _judged_each(found, len(entries) + dropped, kept, by_code, length, dockerfile, verdicts)
    ordered = sorted(entries)
    kept_in_order, named_all = _kept_named(ordered, unnamed, dockerfile)
    if last is not None:
        if dropped or clamped or not named_all:
            last.forget()
        else:
            last.keep(found, entries, ordered, verdicts.table, max(map(_END, entries), default=0))
    return list(map(_FINDING, kept_in_order))


def _kept_named(
    ordered: list[_Entry], unnamed: list[tuple[Violation, _CodeVerdict]], dockerfile: Dockerfile
) -> tuple[list[_Entry], bool]:
    """``ordered`` without repeats, the findings of ``unnamed`` it keeps given their line and
    name; and whether it keeps them all (none is a repeat, left as it was)."""
    kept_in_order = _without_repeats(ordered)
    if not unnamed:
        return kept_in_order, True
    named = unnamed if kept_in_order is ordered else _among(unnamed, kept_in_order)
    _name(named, dockerfile)
    return kept_in_order, len(named) == len(unnamed)


class _LastOrder:
    """A document's order of its last lint, for the next (``_judged_from_last``): its findings
    (``found``, None when it was not judged every finding as it is), each one's entry in the
    order found (its number its index in ``found``), the entries in document order with the
    repeats, the verdict table they were judged under (``_Verdicts.table``) and a bound of the
    entries' ends. Every finding it holds was kept as it is and lies inside the text, and has
    its line and name."""

    __slots__ = ("found", "entries", "ordered", "verdicts", "max_end")

    def __init__(self) -> None:
        self.found: list[Violation] | None = None
        self.entries: list[_Entry] = []
        self.ordered: list[_Entry] = []
        self.verdicts: dict[str, _CodeVerdict] | None = None
        self.max_end = 0

    def keep(
        self,
        found: list[Violation],
        entries: list[_Entry],
        ordered: list[_Entry],
        verdicts: dict[str, _CodeVerdict],
        max_end: int,
    ) -> None:
        self.found, self.entries, self.ordered, self.verdicts, self.max_end = found, entries, ordered, verdicts, max_end

    def forget(self) -> None:
        self.found, self.entries, self.ordered, self.verdicts, self.max_end = None, [], [], None, 0


def _last_order(memo: FindingsMemo | None) -> _LastOrder | None:
    """The order of the last lint through ``memo`` (kept on it: a document's lints use it one at
    a time, as they use the memo); None without a memo."""
    if memo is None:
        return None
    order = memo.last_order
    if not isinstance(order, _LastOrder):
        order = memo.last_order = _LastOrder()
    return order


def _judged_from_last(
    found: list[Violation], length: int, dockerfile: Dockerfile, verdicts: _Verdicts, last: _LastOrder
) -> list[Violation] | None:
    """``_judged`` from the last lint's order (``last``): only the findings that are not the last
    lint's objects at the same index are judged, and only the entries are sorted, in an order
    that is almost theirs already.

    A finding at the same index as in the last lint keeps its entry: a finding is never changed
    in place but for its line and name, and the verdicts are the same table's. Where the lengths
    differ, the findings from just after the last one at the same index (``split``) on are
    paired with the last lint's moved by the difference (one rule's or ShellCheck's count
    changed there); one that is the same object keeps its entry with its new index. Every other
    finding is judged: kept as it is and inside the text, else None (the caller judges them
    all). A finding the last lint kept that now runs past the text also gives None.

    The entries are then put in the last lint's order of the findings they replace or are
    (``_reordered``) and sorted: a finding moved with its instruction takes the place of the one
    it was moved from, so the sort finds long runs. Whatever the order before the sort, the
    entries' numbers are their indexes in ``found`` (no two equal): the order is a fresh sort's."""
    before = last.found
    if before is None or last.verdicts is not verdicts.table:
        return None
    same = list(map(is_, found, before))
    shift = len(found) - len(before)
    split = len(found) if not shift else _after_last(same)
    old_entries = last.entries
    entries: list[_Entry] = old_entries[:split]
    entries += repeat(None, len(found) - split)  # type: ignore[arg-type]  # each made below
    unnamed: list[tuple[Violation, _CodeVerdict]] = []
    top = last.max_end
    for i in chain(_unlike(same, split), range(split, len(found))):
        v = found[i]
        if i - shift >= split and v is before[i - shift]:  # from ``split`` on: the last lint's, moved on
            start, end, code, _number, v = old_entries[i - shift]
            entries[i] = (start, end, code, i, v)
            continue
        code = v.code
        verdict = verdicts.of(code)
        span = v.span
        start, end = span.start, span.end
        if not verdict.as_is or start < 0 or end > length or end < start:
            return None
        if end > top:
            top = end
        if v.instruction_line is None or not v.name:
            unnamed.append((v, verdict))
        entries[i] = (start, end, code, i, v)
    if top > length:  # a bound: the findings the last lint kept may end before
        top = max(map(_END, entries), default=0)
        if top > length:
            return None
    ordered = _reordered(last.ordered, entries, split, shift)
    ordered.sort()
    kept_in_order, named_all = _kept_named(ordered, unnamed, dockerfile)
    if named_all:
        last.keep(found, entries, ordered, verdicts.table, top)
    else:
        last.forget()
    return list(map(_FINDING, kept_in_order))


def _after_last(same: list[bool]) -> int:
    """The index after the last True of ``same`` (0 without one)."""
    return len(same) - same[::-1].index(True) if True in same else 0


def _unlike(same: list[bool], end: int) -> list[int]:
    """The indexes below ``end`` where ``same`` is False, found a run at a time (``list.index``
    scans in C: most indexes are True)."""
    found: list[int] = []
    at = 0
    while True:
        try:
            at = same.index(False, at, end)
        except ValueError:
            return found
        try:
            stop = same.index(True, at, end)
        except ValueError:
            stop = end
        found += range(at, stop)
        at = stop


def _reordered(last_ordered: list[_Entry], entries: list[_Entry], split: int, shift: int) -> list[_Entry]:
    """``entries`` in the last lint's order (``last_ordered``, whose numbers are the indexes of its
    findings) of the findings they pair with: at the same index before ``split``, moved on by
    ``shift`` from there; the entries that pair with none after them."""
    paired: list[_Entry | None] = entries  # type: ignore[assignment]
    unpaired: list[_Entry] = []
    if shift > 0:
        paired, unpaired = [*entries[:split], *entries[split + shift :]], entries[split : split + shift]
    elif shift < 0:
        paired = [*entries[:split], *repeat(None, -shift), *entries[split:]]
    placed = map(paired.__getitem__, map(_NUMBER, last_ordered))
    ordered = list(filter(None, placed)) if shift < 0 else cast("list[_Entry]", list(placed))
    ordered += unpaired
    return ordered


#: a finding kept by ``_judged``, as it is ordered: its start, end and code, a number that grows
#: with each finding kept (the order found among those at the same place), and the finding
_Entry = tuple[int, int, str, int, Violation]
#: the finding of one of ``_judged``'s ordered entries
_FINDING: Callable[[_Entry], Violation] = itemgetter(4)
#: the place and code of one of ``_judged``'s entries: its repeats have the same
_PLACE_AND_CODE: Callable[[_Entry], tuple[int, int, str]] = itemgetter(0, 1, 2)
#: the start of one of ``_judged``'s entries, its end and its number
_START: Callable[[_Entry], int] = itemgetter(0)
_END: Callable[[_Entry], int] = itemgetter(1)
_NUMBER: Callable[[_Entry], int] = itemgetter(3)


def _without_repeats(ordered: list[_Entry]) -> list[_Entry]:
    """``ordered`` without the repeats of a finding (the same code, place and message) after
    the first: repeats stand side by side among the entries at the same place with the same
    code, in the order found. Only the few entries that start where the next one does are
    compared further: the others' places and codes are not made into tuples."""
    if not _has_repeats(ordered):
        return ordered
    kept: dict[tuple[int, int, str, str], _Entry] = {}
    for entry in ordered:
        kept.setdefault((*entry[:3], entry[4].message), entry)
    return list(kept.values())


def _has_repeats(ordered: list[_Entry]) -> bool:
    """Whether two entries of ``ordered`` side by side have the same place and code."""
    starts = list(map(_START, ordered))
    same_start = compress(count(), map(eq, starts, islice(starts, 1, None)))
    return any(_PLACE_AND_CODE(ordered[i]) == _PLACE_AND_CODE(ordered[i + 1]) for i in same_start)


def _keyed(entries: list[_Entry], unnamed: list[tuple[Violation, _CodeVerdict]], dockerfile: Dockerfile) -> _Kept:
    """``entries``, kept as they are in the order found, by what makes a finding a repeat of
    another (the first of each kept), those of ``unnamed`` kept given their line and name."""
    kept: _Kept = {}
    for entry in entries:
        kept.setdefault((entry[2], entry[0], entry[1], entry[4].message), entry)
    if unnamed:
        _name(_among(unnamed, kept.values()), dockerfile)
    return kept


def _among(
    unnamed: list[tuple[Violation, _CodeVerdict]], kept: Iterable[_Entry]
) -> list[tuple[Violation, _CodeVerdict]]:
    """The findings of ``unnamed`` that are kept (not repeats)."""
    findings = {id(entry[4]) for entry in kept}
    return [each for each in unnamed if id(each[0]) in findings]


def _name(unnamed: list[tuple[Violation, _CodeVerdict]], dockerfile: Dockerfile) -> None:
    """Give each finding of ``unnamed`` (kept, its code's verdict keeps it as it is) the line of
    its instruction and its rule's name, where it lacks them."""
    for v, verdict in unnamed:
        instruction = dockerfile.instruction_at(v.span.start) if v.instruction_line is None else None
        _fill_in(v, verdict, instruction)


def _fill_in(v: Violation, verdict: _CodeVerdict, instruction: Instruction | None) -> None:
    """Give a kept finding its ``instruction``'s line and its rule's name, where it lacks them
    (both follow from its code and place: the same for a finding another lint shares)."""
    if instruction is not None and v.instruction_line is None:
        v.instruction_line = instruction.start_line
    if not v.name and verdict.name:
        v.name = verdict.name


#: ``_judged``'s findings kept, by what makes a finding a repeat of another: its code, place and message
_Kept = dict[tuple[str, int, int, str], _Entry]


def _judged_each(
    found: list[Violation],
    at: int,
    kept: _Kept,
    by_code: dict[str, _CodeVerdict],
    length: int,
    dockerfile: Dockerfile,
    verdicts: _Verdicts,
) -> list[Violation]:
    """``_judged`` from ``found[at]`` on, the first finding whose code's verdict does not keep it
    as it is, with ``kept`` the findings before it (``_keyed``): each later finding is checked for
    repeats by its key, before anything is filled in or copied."""
    suppressions = verdicts.suppressions
    placed = suppressions.placed
    instruction_of = _InstructionFinder(dockerfile, placed)
    number = len(found)
    for v in islice(found, at, None):
        code = v.code
        verdict = by_code.get(code)
        if verdict is None:
            verdict = by_code[code] = verdicts.of(code)
        if verdict.dropped:
            continue
        span = v.span
        start, end = span.start, span.end
        if start < 0 or end > length or end < start:
            v = replace(v, span=_clamp(span, length))
            start, end = v.span.start, v.span.end
        if verdict.as_is and v.instruction_line is not None and v.name:
            key = (code, start, end, v.message)
            if key not in kept:
                kept[key] = (start, end, code, number, v)
                number += 1
            continue
        instruction = None
        if placed or verdict.checked_here is not None or v.instruction_line is None:
            instruction = instruction_of(start)
        if placed and suppressions.here(code, verdict.names, instruction, start):
            continue
        if verdict.checked_here is not None and verdicts.skipped_at(verdict.checked_here, instruction):
            continue
        key = (code, start, end, v.message)
        if key in kept:
            continue
        if verdict.severity is not None and v.severity is not verdict.severity:
            v = replace(v, severity=verdict.severity)
        _fill_in(v, verdict, instruction)
        kept[key] = (start, end, code, number, v)
        number += 1
    return list(map(_FINDING, sorted(kept.values())))


class _InstructionFinder:
    """The top-level instruction around an offset, if any. Where the file has pragmas placed at
    instructions, every finding not kept as it is (``_CodeVerdict.as_is``) asks, and the
    instructions' starts are read once (the memo's rows read every start of the lint anyway);
    else only the few findings without their instruction's line, or whose code an
    instruction's own ``# check=`` may turn off, ask, each through ``instruction_at``, which
    reads the starts of a few instructions."""

    def __init__(self, dockerfile: Dockerfile, every_finding_asks: bool) -> None:
        self._dockerfile = dockerfile
        self._starts: Sequence[int] | None = (
            [ins.span.start for ins in dockerfile.instructions] if every_finding_asks else None
        )

    def __call__(self, offset: int) -> Instruction | None:
        if self._starts is None:
            return self._dockerfile.instruction_at(offset)
        instructions = self._dockerfile.instructions
        i = bisect.bisect_right(self._starts, offset) - 1
        return instructions[i] if i >= 0 and offset <= instructions[i].span.end else None


@dataclass(frozen=True)
class _CodeVerdict:
    """What a lint decides about every finding of one code: the names a pragma can suppress it
    by, whether it is off in the whole file (a global pragma, the file's ``# check=``), how
    ``# check=`` names it when an instruction's own can turn it off, the configured severity and
    the rule's name."""

    names: frozenset[str]
    dropped: bool
    checked_here: _CheckIdentity | None
    severity: Severity | None
    name: str
    #: it is not off in the whole file, no pragma placed at an instruction or a stage names it,
    #: no instruction's own ``# check=`` can turn it off and no other severity is configured: a
    #: finding of it that has its line and name is kept as it is (once clamped to the text)
    as_is: bool


@dataclass(frozen=True)
class _CodeFacts:
    """What a code's verdict takes from the configuration and the file's ``# check=`` settings
    alone, the same in every lint under them: its names, how an instruction's own ``# check=``
    names it, whether the file's turns it off, its configured severity and its rule's name."""

    names: frozenset[str]
    checked_here: _CheckIdentity | None
    skipped: bool
    severity: Severity | None
    name: str


#: each code's facts under the configurations and ``# check=`` settings of the latest lints
#: (a document's lints share theirs: a keystroke does not look its codes up again)
_FACT_TABLES: list[tuple[object, Hashable, dict[str, _CodeFacts]]] = []
#: each code's verdict under the code facts (a ``_FACT_TABLES`` table) and the codes the pragmas
#: name of the latest lints (a keystroke seldom changes the pragmas: it works no verdict out again)
_VERDICT_TABLES: list[tuple[object, Hashable, dict[str, _CodeVerdict]]] = []
_TABLES_KEPT = 8
_tables_lock = threading.Lock()


def _shared_table(tables: list[tuple[object, Hashable, dict[str, V]]], owner: object, key: Hashable) -> dict[str, V]:
    """The table ``tables`` keeps for ``owner`` (the very object) and ``key``, shared with the
    earlier lints that asked for the same: a new empty one, kept, when there is none. The
    latest asked for are kept."""
    with _tables_lock:
        for i, (known, known_key, found) in enumerate(tables):
            if known is owner and known_key == key:
                if i:
                    tables.insert(0, tables.pop(i))
                return found
        table: dict[str, V] = {}
        tables.insert(0, (owner, key, table))
        del tables[_TABLES_KEPT:]
        return table


def _fact_table(config: Config, checks: BuildCheckSettings, local: bool) -> dict[str, _CodeFacts]:
    """The code facts under ``config`` (the very object) and these ``# check=`` settings (``local``:
    whether some instruction has its own), shared with earlier lints under the same."""
    return _shared_table(_FACT_TABLES, config, (*_settings_key(checks), local))


def _settings_key(checks: BuildCheckSettings) -> tuple[object, ...]:
    """``# check=`` settings as a key: equal for settings that ask the same."""
    return (
        frozenset(checks.skip),
        checks.skip_all,
        checks.error,
        frozenset(checks.experimental),
        checks.experimental_all,
    )


#: the rules that run under the selections and ``# check=`` settings of the latest lints (a
#: keystroke seldom changes them): the selection's rule list (the very object), the settings
#: (the file's, and each instruction's own merged with them), the rules of it that run
_RUNNABLE: list[tuple[list[Rule], tuple[object, ...], list[Rule]]] = []
_RUNNABLE_KEPT = 8
_runnable_lock = threading.Lock()


def _runnable(
    active: list[Rule], checks: BuildCheckSettings, local_checks: dict[int, BuildCheckSettings], *, shared: bool
) -> list[Rule]:
    """The rules of ``active`` that ``# check=`` does not turn off in the whole file. ``shared``:
    ``active`` is a selection's list, which never changes, so the answer is kept for the next
    lints under the same settings."""
    if not shared:
        return _not_skipped_everywhere(active, checks, local_checks)
    key = (_settings_key(checks), frozenset(_settings_key(own) for own in local_checks.values()))
    with _runnable_lock:
        for known, known_key, runnable in _RUNNABLE:
            if known is active and known_key == key:
                return runnable
    runnable = _not_skipped_everywhere(active, checks, local_checks)
    with _runnable_lock:
        _RUNNABLE.insert(0, (active, key, runnable))
        del _RUNNABLE[_RUNNABLE_KEPT:]
    return runnable


def _not_skipped_everywhere(
    active: list[Rule], checks: BuildCheckSettings, local_checks: dict[int, BuildCheckSettings]
) -> list[Rule]:
    return [rule for rule in active if not _skipped_everywhere(_identity(rule.meta), checks, local_checks)]


class _Verdicts:
    """Each code's verdict in one lint: under its configuration, the file's ``# check=``
    settings (``checks``, and ``local``: each instruction's own merged with them, by the
    instruction's start) and its suppression pragmas."""

    def __init__(
        self,
        config: Config,
        checks: BuildCheckSettings,
        local: dict[int, BuildCheckSettings],
        suppressions: Suppressions,
    ) -> None:
        self.config, self.checks, self.local, self.suppressions = config, checks, local, suppressions
        self._facts = _fact_table(config, checks, bool(local))
        #: each code's verdict (shared with the lints under the same code facts and named codes)
        self.table: dict[str, _CodeVerdict] = _shared_table(_VERDICT_TABLES, self._facts, suppressions.named)

    def of(self, code: str) -> _CodeVerdict:
        """``code``'s verdict: the one an earlier lint under the same code facts and with pragmas
        naming the same codes worked out (it depends on nothing else)."""
        found = self.table.get(code)
        if found is None:
            found = self.table[code] = self._verdict(code)
        return found

    def _verdict(self, code: str) -> _CodeVerdict:
        facts = self._facts.get(code)
        if facts is None:
            facts = self._facts[code] = self._facts_of(code)
        dropped = facts.skipped or self.suppressions.everywhere(code, facts.names)
        as_is = (
            not dropped
            and facts.checked_here is None
            and facts.severity is None
            and not self.suppressions.placed_may_name(code, facts.names)
        )
        return _CodeVerdict(facts.names, dropped, facts.checked_here, facts.severity, facts.name, as_is)

    def _facts_of(self, code: str) -> _CodeFacts:
        meta = registry.meta_for(code)
        if meta is None:  # a code no rule describes: only pragmas can turn it off
            return _CodeFacts(Suppressions.names_of(code, ()), None, False, None, "")
        identity = _identity(meta)
        checked_here = None
        skipped = False
        if identity.build_check or identity.experimental:  # else ``# check=`` never names it
            if self.local and not identity.file_level:
                checked_here = identity
            else:
                skipped = _skipped_by_check_directive(identity, self.checks)
        names = Suppressions.names_of(code, meta.aliases)
        return _CodeFacts(names, checked_here, skipped, severity_override(self.config, meta, self.checks), meta.name)

    def skipped_at(self, identity: _CheckIdentity, instruction: Instruction | None) -> bool:
        """Whether ``# check=`` turns the rule of ``identity`` off at ``instruction``: the file's
        settings merged with the instruction's own."""
        settings = self.checks if instruction is None else self.local.get(instruction.span.start, self.checks)
        return _skipped_by_check_directive(identity, settings)


def _skipped_everywhere(
    identity: _CheckIdentity, checks: BuildCheckSettings, local_checks: dict[int, BuildCheckSettings]
) -> bool:
    """Whether ``# check=`` turns a rule off for the whole file (it then does not run)."""
    return _skipped_by_check_directive(identity, checks) and (
        identity.file_level or all(_skipped_by_check_directive(identity, c) for c in local_checks.values())
    )


def _run_rules(
    rules: Sequence[Rule],
    dockerfile: Dockerfile,
    analysis: Analysis,
    config: Config,
    path: str | None,
    memo: FindingsMemo | None,
) -> tuple[list[Violation], list[RuleFailure]]:
    """Every rule's findings, and the rules that raised. With a memo, scoped rules' findings
    about unchanged instructions and stages are the remembered ones."""
    found: list[Violation] = []
    failures: list[RuleFailure] = []
    facts = LintFacts(dockerfile, analysis, config, path)

    def run(rule: Rule, view: LintFacts) -> list[Violation]:
        return list(rule.check(RuleContext(rule, view)))

    whole = list(rules)
    if memo is not None:
        rows = memo.begin(facts)
        whole, groups = memo.plan(rules)
        whole = list(whole)  # the groups that cannot be remembered here join it
        for group in groups:
            remembered = memo.findings(group, rows, run)
            if remembered is None:
                whole.extend(group)
            else:
                found.extend(remembered)
    for rule in whole:
        ctx = RuleContext(rule, facts)
        try:
            found.extend(rule.check(ctx))
        except Exception as exc:  # a broken rule must not take the others down
            log.exception("rule %s failed", rule.code)
            failures.append(RuleFailure(rule.code, f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    return found, failures


def document_order(v: Violation) -> tuple[int, int, str]:
    """The order findings are reported in: by place, then by code (also for lists merged later)."""
    return v.span.start, v.span.end, v.code


def prepare(
    text: str,
    config: Config | None = None,
    previous: Dockerfile | Analysis | None = None,
    edit: tuple[int, int, int] | None = None,
) -> tuple[Dockerfile, Analysis]:
    """Parse and analyse: what every rule reads. ``previous``, the parse of an earlier text of
    the same document, lets the parser re-read only what the edit since then changed; its
    analysis (which holds the parse) also lets the analysis keep what the edit left as it was.
    ``edit``: where the edit since ``previous`` lies, when known (``incremental.changed_range``)."""
    earlier, old = (previous, previous.dockerfile) if isinstance(previous, Analysis) else (None, previous)
    dockerfile = parse(text) if old is None else reparse(old, text, edit)
    return dockerfile, analyze(dockerfile, target=(config or Config()).target, previous=earlier)


@dataclass(frozen=True)
class _CheckIdentity:
    """How ``# check=`` can name a rule: its names in lower case, whether it is a build check,
    whether BuildKit runs it only on request (experimental), and whether BuildKit checks it
    with the file's settings only (not an instruction's own ``# check=``)."""

    names: frozenset[str]
    build_check: bool
    experimental: bool
    file_level: bool


_IDENTITIES: dict[str, _CheckIdentity] = {}


def _identity(meta: RuleMeta) -> _CheckIdentity:
    found = _IDENTITIES.get(meta.code)
    if found is None:
        names = frozenset({meta.code.lower(), meta.name.lower(), *(a.lower() for a in meta.aliases)})
        check = build_check_name((meta.name, *meta.aliases))
        found = _IDENTITIES[meta.code] = _CheckIdentity(
            names, _is_build_check(meta), check in EXPERIMENTAL_CHECKS, check in FILE_LEVEL_CHECKS
        )
    return found


def _skipped_by_check_directive(identity: _CheckIdentity, checks: BuildCheckSettings) -> bool:
    """``# check=skip=...`` turns off build checks; experimental checks need ``experimental=``
    and, as in BuildKit, are not turned off by a skip."""
    if identity.experimental:
        return not (checks.experimental_all or identity.names & {s.lower() for s in checks.experimental})
    return identity.build_check and bool(checks.skip_all or identity.names & {s.lower() for s in checks.skip})


def _stage_ranges(analysis: Analysis) -> list[tuple[int, int]]:
    ranges = []
    for stage in analysis.stages:
        ranges.append((stage.instructions[0].span.start, stage.instructions[-1].span.end))
    return ranges


def _clamp(span: Span, length: int) -> Span:
    start = max(0, min(span.start, length))
    end = max(start, min(span.end, length))
    return span if (start, end) == (span.start, span.end) else Span(start, end)


def at_or_above(violations: Iterable[Violation], threshold: Severity) -> list[Violation]:
    return [v for v in violations if v.severity >= threshold]


@dataclass
class FixResult:
    text: str
    applied: int  # fixes applied over all rounds
    rounds: int
    remaining: LintResult


def fix_all(
    text: str,
    config: Config | None = None,
    path: str | None = None,
    *,
    unsafe: bool = False,
    lint_fn: Callable[..., LintResult] = lint,
) -> FixResult:
    """Apply every applicable fix, re-lint, and repeat until a fixed point (or MAX_FIX_ROUNDS)."""
    applied_total = 0
    rounds = 0
    result = lint_fn(text, config, path)
    while rounds < MAX_FIX_ROUNDS:
        new_text, applied = apply_fixes(text, result.violations, unsafe=unsafe)
        if applied == 0 or new_text == text:
            break
        rounds += 1
        applied_total += applied
        text = new_text
        result = lint_fn(text, config, path)
    return FixResult(text, applied_total, rounds, result)


def docs_base_url(config: Config | None = None) -> str:
    """Where rule pages live: the ``docs-base-url`` setting, else the repository's docs/rules/
    (``DEFAULT_DOCS_BASE_URL``, which a test keeps equal to the Documentation URL of
    pyproject.toml's ``[project.urls]``: reading it back from the installed package's metadata
    would import ``importlib.metadata``, with ``email``, ``zipfile`` and ``csv``, about 3 MB that
    the language server would keep for its whole life, for the same string)."""
    base = config.docs_base_url if config is not None and config.docs_base_url else DEFAULT_DOCS_BASE_URL
    return base if base.endswith("/") or "{code}" in base else base + "/"


def rule_page_url(base: str, code: str) -> str:
    """A rule's page under a docs base: ``{code}`` in the base is replaced by the code (for a site
    that names pages its own way), else the page is ``<base><CODE>.md`` as in docs/rules/."""
    if "{code}" in base:
        return base.replace("{code}", code.upper())
    return f"{base}{code.upper()}.md"


def docs_index_url(config: Config | None = None) -> str:
    """The page that lists every rule: the docs base (up to its last ``/`` when it is a template)."""
    base = docs_base_url(config)
    return base[: base.index("{code}")].rsplit("/", 1)[0] + "/" if "{code}" in base else base


#: A vulnerability id with no rule of its own (CVE-..., GHSA-...) links to its OSV entry.
VULNERABILITY_URL = "https://osv.dev/vulnerability/{code}"


def rule_url(code: str, config: Config | None = None) -> str:
    """The page that explains a finding's code: ShellCheck's wiki, trivy's check page, a
    vulnerability's OSV entry, or the rule's page under the docs base."""
    from stanzalint import rules as registry
    from stanzalint.rules.shellcheck_meta import WIKI_URL

    if code.upper().startswith("SC"):
        return WIKI_URL.format(code=code.upper())
    if code.upper().startswith("DS-"):
        from stanzalint.rules.trivy_meta import url_for

        return url_for(code)
    rule = registry.get(code)
    if rule is None:
        return VULNERABILITY_URL.format(code=code)
    return rule_page_url(docs_base_url(config), rule.meta.code)
