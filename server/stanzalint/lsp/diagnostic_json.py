"""The JSON of one document's diagnostics, built fast: each diagnostic's JSON is reused from the
last notification while its content and its LSP places are unchanged.

A keystroke changes few diagnostics: most keep their code, message, range and fix. A place keeps
its line and character when it is before the edit, or when it is on a line after the edit and
the edit did not change the number of lines (it keeps its distance from the end of the text).
Findings come in document order, so the findings before the edit line up with those before it in
the last notification, one for one (from the first, or from the last before the edit when one
came or went), and the findings after it with those after it. The pairs are compared a whole
list at a time (``map`` over lists of what their JSON is made of, kept from one notification to
the next: no Python call per finding; after it, one list comparison each when every pair
matches, as after most keystrokes). Before the edit most findings are the very objects the last
lint returned (the findings memo's), recognised by identity; the others, and those after the
edit, by content (with whether a finding has a fix, not the fix: it stays on the server,
``actions.quick_fixes``), with their places moved alike; only related places are compared one
finding at a time. A diagnostic is encoded again only when its pair differs: over
the edited lines, after an edit that added or removed lines, or when the lint found something
else. An erase often brings back a text sent a few keystrokes ago (a word typed, then erased):
its diagnostics are then paired with that notification's, where most findings are the very
objects it had (the findings memo keeps the findings of the places a row stood at lately), by
identity alone, without reading them. The text is what the protocol's own serialisation of
``to_diagnostics`` gives (a test compares them), without building and unstructuring thousands
of objects, written compactly (no space after a separator), with a rule's documentation link
(``codeDescription``) only for a client that takes it.
"""

from __future__ import annotations

import bisect
import json
import sys
from collections.abc import Sequence
from itertools import compress, repeat
from operator import and_, attrgetter, eq, getitem, is_, le, not_, truth
from typing import TYPE_CHECKING, Any, Callable, cast

from stanzalint.lsp import SOURCE, compact_json
from stanzalint.lsp.diagnostics import SEVERITY, TAGS
from stanzalint.lsp.ranges import range_json
from stanzalint.syntax.incremental import changed_range

if TYPE_CHECKING:  # pragma: no cover
    from stanzalint.findings import Violation
    from stanzalint.lsp.positions import PositionMap

#: where a diagnostic's version goes in its JSON until the notification is written: a control
#: character, which ``json.dumps`` never leaves unescaped in the JSON it writes
VERSION = b"\x00"

#: the most notifications remembered (each with its text): an erase brings back the text of one
#: a few keystrokes ago (a word of three characters typed, then erased: six)
SENT_KEPT = 6

#: a finding's content with its places as objects: equal contents before an edit send equal JSON
_CONTENT = attrgetter("code", "message", "severity", "tags", "span", "fix", "related")
#: a finding's content but its places: equal ones, with places moved alike, send equal JSON after an edit
_WHAT = attrgetter("code", "message", "severity", "tags")
_START = attrgetter("span.start")
_END = attrgetter("span.end")
_FIX = attrgetter("fix")
_RELATED = attrgetter("related")


class _Facts:
    """What the JSON of some findings is made of, a list each, in their order: their content but
    their places (``_WHAT``), whether they send a fix (``_sends_fix``) and have related places,
    their ranges' offsets, and the first and last offsets of every place they send."""

    __slots__ = ("whats", "fixes", "related", "starts", "ends", "firsts", "lasts")

    def __init__(
        self,
        whats: list[tuple[object, ...]],
        fixes: list[bool],
        related: list[bool],
        starts: list[int],
        ends: list[int],
        firsts: list[int],
        lasts: list[int],
    ) -> None:
        self.whats, self.fixes, self.related = whats, fixes, related
        self.starts, self.ends, self.firsts, self.lasts = starts, ends, firsts, lasts

    @classmethod
    def of(cls, violations: Sequence[Violation], related_support: bool, extents: bool = True) -> _Facts:
        """The facts of ``violations``; without ``extents``, the first and last offsets of those
        with related places are left to the caller (``extend``)."""
        starts = list(map(_START, violations))
        ends = list(map(_END, violations))
        # ``_sends_fix`` of each, a list at a time: a fix with edits (no fix: no edits)
        fixes = list(map(truth, map(getattr, map(_FIX, violations), repeat("edits"), repeat(()))))
        related = list(map(truth, map(_RELATED, violations)))
        facts = cls(list(map(_WHAT, violations)), fixes, related, starts, ends, list(starts), list(ends))
        if extents:
            for i in compress(range(len(related)), related):
                facts.extend(i, violations[i], related_support)
        return facts

    def extend(self, i: int, v: Violation, related_support: bool) -> None:
        """Set the first and last offsets of the ``i``-th finding, ``v``, with related places."""
        self.firsts[i], self.lasts[i] = _extent(v, related_support)

    def put(self, i: int, v: Violation, related_support: bool) -> None:
        """Make the ``i``-th facts those of ``v`` (as ``of`` finds them, without its lists)."""
        span = v.span
        self.whats[i], self.fixes[i], self.related[i] = _WHAT(v), _sends_fix(v), bool(v.related)
        self.starts[i], self.ends[i] = span.start, span.end
        self.firsts[i], self.lasts[i] = _extent(v, related_support)

    def cut(self, start: int, stop: int) -> _Facts:
        return _Facts(**{name: getattr(self, name)[start:stop] for name in self.__slots__})

    def __add__(self, other: _Facts) -> _Facts:
        return _Facts(**{name: getattr(self, name) + getattr(other, name) for name in self.__slots__})


class _Sent:
    """The diagnostics of a notification sent: the findings, their facts, their JSON, and the
    text, line count and context (uri, position encoding, related places sent, links) they were
    written for."""

    def __init__(
        self,
        violations: list[Violation],
        facts: _Facts,
        parts: list[bytes],
        text: str,
        lines: int,
        context: tuple[object, ...],
    ) -> None:
        self.violations, self.facts, self.parts = violations, facts, parts
        self.text, self.lines, self.context = text, lines, context


class DiagnosticEncoder:
    """One document's diagnostics as JSON, reusing the JSON of each diagnostic whose content and
    LSP places the last notification had (see the module's docstring). ``urls`` must give a code
    the same link for as long as it is the same function (a new function: every link is asked
    again); None sends no links, for a client that did not declare ``codeDescriptionSupport``."""

    def __init__(self) -> None:
        #: the last notifications, the newest last
        self._sent: list[_Sent] = []

    def message(
        self,
        violations: list[Violation],
        positions: PositionMap,
        uri: str,
        version: int | None,
        urls: Callable[[str], str] | None,
        related_support: bool = True,
    ) -> list[bytes]:
        """The whole JSON-RPC notification as pieces of ASCII JSON, in order, written as they are
        (``StanzaProtocol.send_pieces``); ``urls(code)`` gives a rule's documentation link (None:
        no links)."""
        marked = self._marked(violations, positions, uri, urls, related_support)
        return _notification(uri, version, marked.parts, marked.facts.fixes)

    def array(
        self,
        violations: list[Violation],
        positions: PositionMap,
        uri: str,
        version: int | None,
        urls: Callable[[str], str] | None,
        related_support: bool = True,
    ) -> str:
        """The diagnostics as a JSON array, as ``to_diagnostics`` makes them (``version`` in the
        data of those with a fix)."""
        marked = self._marked(violations, positions, uri, urls, related_support)
        return "[" + _items(marked.parts, version).decode("ascii") + "]"

    def _marked(
        self,
        violations: list[Violation],
        positions: PositionMap,
        uri: str,
        urls: Callable[[str], str] | None,
        related_support: bool,
    ) -> _Sent:
        """The notification of ``violations``, remembered: each diagnostic's JSON (``parts``, with
        ``VERSION`` for its version) and its facts."""
        text = positions.text
        context = (uri, positions.encoding, related_support, urls)
        sent = self._paired(text, context)
        parts: list[bytes | None]
        if sent is None or sent.context != context:
            facts, parts = _Facts.of(violations, related_support), [None] * len(violations)
        else:
            facts, parts = _reused(violations, sent, positions, related_support)
        links: dict[str, str] = {}
        missing = 0
        while True:
            try:
                missing = parts.index(None, missing)
            except ValueError:
                break
            v = violations[missing]
            url = None
            if urls is not None:
                url = links.get(v.code)
                if url is None:
                    url = links[v.code] = urls(v.code)
            parts[missing] = _encode(v, positions, uri, url, related_support)
        done = _Sent(violations, facts, cast("list[bytes]", parts), text, len(positions.line_starts), context)
        self._sent.append(done)  # each part reused or encoded now
        del self._sent[:-SENT_KEPT]
        return done

    def _paired(self, text: str, context: tuple[object, ...]) -> _Sent | None:
        """The notification to reuse the JSON of: an earlier one of the same text and context
        (an erase brought it back), else the last one (None before the first)."""
        sent = self._sent
        for earlier in sent[-2::-1]:
            if earlier.text == text and earlier.context == context:  # strings of other lengths differ at once
                return earlier
        return sent[-1] if sent else None


def _reused(
    violations: list[Violation], sent: _Sent, positions: PositionMap, related_support: bool
) -> tuple[_Facts, list[bytes | None]]:
    """The facts of ``violations`` and the JSON of each the last notification has (None for the
    others): those before the edit since then, and those after it when the edit left the line
    count as it was."""
    text = positions.text
    before, after = _unmoved(sent, text, positions)
    shift = len(text) - len(sent.text)
    head = _first_from(violations, before)
    old_head = bisect.bisect_left(sent.facts.starts, before)
    tail = max(_first_from(violations, after), head)
    old_tail = max(bisect.bisect_left(sent.facts.starts, after - shift), old_head)
    head_facts, head_parts = _reused_before(violations[:head], sent, old_head, before, related_support)
    middle = _Facts.of(violations[head:tail], related_support)
    tail_facts, tail_parts = _reused_after(violations[tail:], sent, old_tail, after, shift, related_support)
    return head_facts + middle + tail_facts, head_parts + [None] * (tail - head) + tail_parts


def _first_from(violations: list[Violation], offset: int) -> int:
    """The index of the first finding that starts at or after ``offset`` (findings come in
    document order)."""
    low, high = 0, len(violations)
    while low < high:
        middle = (low + high) // 2
        if violations[middle].span.start < offset:
            low = middle + 1
        else:
            high = middle
    return low


def _unmoved(sent: _Sent, text: str, positions: PositionMap) -> tuple[int, int]:
    """(before, after): an offset below ``before`` has the line and character the same offset
    had in the last notification's text; one at or above ``after``, those of the offset as far
    from that text's end."""
    changed = changed_range(sent.text, text)
    if changed is None:
        return len(text) + 1, 0
    before, _old_end, edit_end = changed
    starts = positions.line_starts
    if len(starts) != sent.lines:
        return before, sys.maxsize
    following = bisect.bisect_right(starts, edit_end)
    return before, starts[following] if following < len(starts) else sys.maxsize


def _reused_before(
    head: list[Violation], sent: _Sent, old_head: int, before: int, related_support: bool
) -> tuple[_Facts, list[bytes | None]]:
    """The facts of the findings that start before ``before``, and the JSON of each that pairs
    with one of the same content, among the first ``old_head`` sent, whose places all end before
    it: paired from the first and, when some finding came or went, from the last. Most are the
    very findings the last notification had, in the same order: their facts are those."""
    old = sent.violations
    if len(head) == old_head:
        facts = sent.facts.cut(0, old_head)
        same = list(map(is_, head, old))
        for i in compress(range(old_head), map(not_, same)):
            facts.put(i, head[i], related_support)
            same[i] = _CONTENT(head[i]) == _CONTENT(old[i])
        return facts, _where(list(map(and_, same, map(before.__gt__, facts.lasts))), sent.parts[:old_head])
    parts: list[bytes | None] = [None] * len(head)
    count = min(len(head), old_head)
    lasts = sent.facts.lasts
    for i in range(count):
        v, o = head[-1 - i], old[old_head - 1 - i]  # paired from the last: some finding came or went before them
        if lasts[old_head - 1 - i] < before and (v is o or _CONTENT(v) == _CONTENT(o)):
            parts[-1 - i] = sent.parts[old_head - 1 - i]
    for i in range(count):
        v, o = head[i], old[i]
        if parts[i] is None and lasts[i] < before and (v is o or _CONTENT(v) == _CONTENT(o)):
            parts[i] = sent.parts[i]
    return _Facts.of(head, related_support), parts


def _reused_after(
    tail: list[Violation], sent: _Sent, old_tail: int, after: int, shift: int, related_support: bool
) -> tuple[_Facts, list[bytes | None]]:
    """The facts of the findings that start at or after ``after``, and the JSON of each that
    pairs with one sent from ``old_tail`` on with the same content, every place ``shift``
    characters further, all at or after ``after - shift``: paired from the last and, when some
    finding came or went, from the first."""
    facts, old = _Facts.of(tail, related_support, extents=False), sent.facts
    parts: list[bytes | None] = [None] * len(tail)
    old_count = len(sent.violations) - old_tail
    count = min(len(tail), old_count)
    for new_from, old_from in {(len(tail) - count, old_tail + old_count - count), (0, old_tail)}:
        new_to, old_to = new_from + count, old_from + count
        fits = _fits(facts, new_from, old, old_from, count, after - shift, shift)
        for i in compress(range(count), map(and_, fits, facts.related[new_from:new_to])):
            fits[i] = _same_related_moved(tail[new_from + i], sent.violations[old_from + i], shift, related_support)
        taken = list(map(and_, fits, map(is_, parts[new_from:new_to], repeat(None))))  # the other pairing's stay
        parts[new_from:new_to] = map(getitem, zip(parts[new_from:new_to], sent.parts[old_from:old_to]), taken)
        for i in compress(range(count), map(and_, taken, facts.related[new_from:new_to])):
            facts.firsts[new_from + i] = old.firsts[old_from + i] + shift  # its places are the old ones moved
            facts.lasts[new_from + i] = old.lasts[old_from + i] + shift
    for i in compress(range(len(tail)), facts.related):
        if parts[i] is None:
            facts.extend(i, tail[i], related_support)
    return facts, parts


def _fits(new: _Facts, new_from: int, old: _Facts, old_from: int, count: int, low: int, shift: int) -> list[bool]:
    """Whether each of ``count`` findings from ``new_from`` has the content of the one sent from
    ``old_from`` (but its related places), its range ``shift`` characters further and every place
    of the one sent at or after ``low``. Compared a whole list at a time when all of them do, as
    after most keystrokes, else one pair at a time."""
    new_to, old_to = new_from + count, old_from + count
    whats, old_whats = new.whats[new_from:new_to], old.whats[old_from:old_to]
    fixes, old_fixes = new.fixes[new_from:new_to], old.fixes[old_from:old_to]
    related, old_related = new.related[new_from:new_to], old.related[old_from:old_to]
    starts, moved_starts = new.starts[new_from:new_to], list(map(shift.__add__, old.starts[old_from:old_to]))
    ends, moved_ends = new.ends[new_from:new_to], list(map(shift.__add__, old.ends[old_from:old_to]))
    old_firsts = old.firsts[old_from:old_to]
    if (
        whats == old_whats
        and fixes == old_fixes
        and related == old_related
        and starts == moved_starts
        and ends == moved_ends
        and min(old_firsts, default=low) >= low
    ):
        return [True] * count
    fit = map(and_, map(eq, whats, old_whats), map(eq, fixes, old_fixes))
    fit = map(and_, fit, map(eq, related, old_related))
    fit = map(and_, fit, map(eq, starts, moved_starts))
    fit = map(and_, fit, map(eq, ends, moved_ends))
    return list(map(and_, fit, map(le, repeat(low), old_firsts)))


def _where(fits: list[bool], parts: list[bytes]) -> list[bytes | None]:
    """``parts`` where ``fits`` is true, None elsewhere."""
    if all(fits):
        return list(parts)
    return [part if fit else None for part, fit in zip(parts, fits)]


def _same_related_moved(new: Violation, old: Violation, shift: int, related_support: bool) -> bool:
    """Whether ``new`` sends the related places ``old`` sent, moved ``shift``."""
    if not related_support:
        return True
    if len(new.related) != len(old.related):
        return False
    for r, p in zip(new.related, old.related):
        if r.span.start != p.span.start + shift or r.span.end != p.span.end + shift or r.message != p.message:
            return False
    return True


def _sends_fix(v: Violation) -> bool:
    """Whether the diagnostic of ``v`` says it has a fix (its ``data``)."""
    return v.fix is not None and bool(v.fix.edits)


def _extent(v: Violation, related_support: bool) -> tuple[int, int]:
    """The first and last offsets of a diagnostic's places: its range and the related places it
    sends."""
    first, last = v.span.start, v.span.end
    if related_support:
        for r in v.related:
            first, last = min(first, r.span.start), max(last, r.span.end)
    return first, last


def _items(parts: list[bytes], version: int | None) -> bytes:
    """The items of a JSON array (no brackets) of diagnostics' JSON, their version in place."""
    return b",".join(parts).replace(VERSION, json.dumps(version).encode())


def _notification(uri: str, version: int | None, parts: list[bytes], fixes: list[bool]) -> list[bytes]:
    """The pieces of the ``textDocument/publishDiagnostics`` notification: its head, each
    diagnostic's JSON (``parts``; the version put in those whose ``fixes`` flag says they send a
    fix, ``_sends_fix``: only their JSON holds ``VERSION``) with a comma between, and its end,
    for the writer to join once."""
    head = (
        '{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":'
        + json.dumps(uri)
        + (',"version":' + json.dumps(version) if version is not None else "")
        + ',"diagnostics":['
    )
    stamped = json.dumps(version).encode()
    items = [b","] * (2 * len(parts) - 1) if parts else []
    items[::2] = parts
    for i in compress(range(len(parts)), fixes):
        items[2 * i] = parts[i].replace(VERSION, stamped)
    return [head.encode(), *items, b"]}}"]


def _encode(v: Violation, positions: PositionMap, uri: str, url: str | None, related_support: bool) -> bytes:
    """A diagnostic's compact JSON, the object the protocol's serialisation of ``to_diagnostic``
    writes, with ``VERSION`` for its version (in the ``data`` of a diagnostic with a fix only)
    and ``url`` as its link (none when None)."""
    diagnostic: dict[str, Any] = {
        "range": range_json(positions, v.span),
        "message": v.message,
        "severity": SEVERITY.get(v.severity, 2),
        "code": v.code,
    }
    if url is not None:
        diagnostic["codeDescription"] = {"href": url}
    diagnostic["source"] = SOURCE
    tag_values = [TAGS[t] for t in v.tags if t in TAGS]
    if tag_values:
        diagnostic["tags"] = tag_values
    if v.related and related_support:
        diagnostic["relatedInformation"] = [
            {"location": {"uri": uri, "range": range_json(positions, r.span)}, "message": r.message} for r in v.related
        ]
    if not _sends_fix(v):
        return compact_json(diagnostic).encode()
    return compact_json(diagnostic)[:-1].encode() + b',"data":{"version":' + VERSION + b"}}"
