"""Code actions: quick fixes of the published diagnostics, ignore pragmas, fix-all and refactorings.

Each action is built as the JSON value lsprotocol's converter would write for it (a test
compares them): an answer over a whole file has a hundred actions, which the server would
otherwise build as objects only to turn them into dicts. The diagnostics come as the request's
JSON too (``action_request``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from stanzalint.findings import Applicability, Edit, Fix
from stanzalint.lsp import APPLY_EDIT_COMMAND, FIX_ALL_KIND, SOURCE
from stanzalint.lsp.positions import PositionMap
from stanzalint.lsp.ranges import range_json
from stanzalint.syntax.model import Span

if TYPE_CHECKING:
    from cattrs import Converter

    from stanzalint.config import Config
    from stanzalint.engine import LintResult

__all__ = [
    "APPLY_EDIT_COMMAND",
    "FIX_ALL_KIND",
    "action_json",
    "edit_json",
    "fix_all_action",
    "ignore_actions",
    "minimal_edit",
    "quick_fixes",
    "refactor_actions",
    "text_edits_json",
    "as_command",
]


def minimal_edit(old: str, new: str) -> Edit:
    """One edit turning ``old`` into ``new``, covering only the part that changed."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return Edit(Span(start, end_old), new[start:end_new])


#: a JSON object: an action, an edit, a diagnostic as the client sent it
Json = dict[str, Any]


def text_edits_json(positions: PositionMap, edits: Sequence[Edit]) -> list[Json]:
    """``edits`` as LSP ``TextEdit``s, in JSON."""
    return [{"range": range_json(positions, e.span), "newText": e.text} for e in edits]


def edit_json(uri: str, version: int | None, positions: PositionMap, edits: Sequence[Edit]) -> Json:
    """The ``WorkspaceEdit`` making ``edits`` in version ``version`` of the document, as JSON."""
    changes = text_edits_json(positions, edits)
    return {"documentChanges": [{"textDocument": {"uri": uri, "version": version}, "edits": changes}]}


def action_json(
    title: str, kind: str, edit: Json, diagnostic: Json | None = None, preferred: bool | None = None
) -> Json:
    """A ``CodeAction`` as JSON, its keys in the converter's order (it leaves out what is None)."""
    action: Json = {"title": title, "kind": kind}
    if diagnostic is not None:
        action["diagnostics"] = [diagnostic]
    if preferred is not None:
        action["isPreferred"] = preferred
    action["edit"] = edit
    return action


def quick_fixes(
    uri: str, version: int | None, result: LintResult, positions: PositionMap, diagnostics: Sequence[Json]
) -> Iterator[Json]:
    """The fix of each diagnostic published for this document version with a fix (its ``data``
    names the version), taken from ``result``, the lint of that version's text: the finding the
    diagnostic shows (``FixableFindings.match``). The diagnostic carries no fix: the notification
    stays small, and what the client sends back is never trusted as an edit."""
    fixable = FixableFindings(result, positions, {d.get("code") for d in diagnostics if d.get("source") == SOURCE})
    for diag in diagnostics:
        data = diag.get("data")
        if diag.get("source") != SOURCE or not isinstance(data, dict) or not data or data.get("version") != version:
            continue
        fix = fixable.match(diag)
        if fix is None:
            continue
        safe = fix.applicability is Applicability.SAFE
        yield action_json(
            fix.title if safe else f"{fix.title} (unsafe: may change behaviour)",
            types.CodeActionKind.QuickFix,
            edit_json(uri, version, positions, fix.edits),
            diagnostic=diag,
            preferred=safe,
        )


#: an LSP range as a key: (start line, start character, end line, end character)
RangeKey = tuple[int, int, int, int]


def _range_key(range_: Json) -> RangeKey:
    start, end = range_["start"], range_["end"]
    return start["line"], start["character"], end["line"], end["character"]


class FixableFindings:
    """The fixes of a lint's findings with one of ``codes``, found by the diagnostic a client
    sends back: by its code, range and message; else, for a client that rebuilt the diagnostic
    (columns counted its own way, a message trimmed), by its code and range or by its code and
    message when only one finding has them. Each finding is matched once."""

    def __init__(self, result: LintResult, positions: PositionMap, codes: set[object]) -> None:
        self.fixes: list[Fix] = []
        self.exact: dict[tuple[object, RangeKey, str], list[int]] = {}
        self.placed: dict[tuple[object, RangeKey], list[int]] = {}
        self.worded: dict[tuple[object, str], list[int]] = {}
        for v in result.violations:
            if v.fix is None or not v.fix.edits or v.code not in codes:
                continue
            (sl, sc), (el, ec) = positions.position(v.span.start), positions.position(v.span.end)
            at = len(self.fixes)
            self.fixes.append(v.fix)
            self.exact.setdefault((v.code, (sl, sc, el, ec), v.message), []).append(at)
            self.placed.setdefault((v.code, (sl, sc, el, ec)), []).append(at)
            self.worded.setdefault((v.code, v.message), []).append(at)
        self.taken: set[int] = set()

    def match(self, diag: Json) -> Fix | None:
        """The fix of the finding ``diag`` shows, or None when none (or more than one) fits."""
        code, message, where = diag.get("code"), diag["message"], _range_key(diag["range"])
        exact = [at for at in self.exact.get((code, where, message), ()) if at not in self.taken]
        if exact:  # the same diagnostic sent twice: each takes its own finding
            return self._take(exact[0])
        for candidates in (self.placed.get((code, where), ()), self.worded.get((code, message), ())):
            if len(candidates) == 1 and candidates[0] not in self.taken:
                return self._take(candidates[0])
        return None

    def _take(self, at: int) -> Fix:
        self.taken.add(at)
        return self.fixes[at]


def ignore_actions(
    uri: str, version: int | None, result: LintResult, positions: PositionMap, diagnostics: Sequence[Json]
) -> Iterator[Json]:
    from stanzalint.refactor import ignore_for_file, ignore_for_instruction

    done: set[str | tuple[str, int]] = set()  # codes ignored for the file, (code, instruction start)
    for diag in diagnostics:
        code = diag.get("code")
        if diag.get("source") != SOURCE or not isinstance(code, str):
            continue
        start = diag["range"]["start"]
        ins = result.dockerfile.instruction_at(positions.offset(start["line"], start["character"]))
        ignores = []  # (where, the edits that ignore the code there)
        if ins is not None and (code, ins.span.start) not in done:
            done.add((code, ins.span.start))
            ignores.append(("this instruction", ignore_for_instruction(result.dockerfile, ins, code)))
        if code not in done:
            done.add(code)
            ignores.append(("this file", ignore_for_file(result.dockerfile, code)))
        for where, edits in ignores:
            if edits:
                yield action_json(
                    f"Ignore {code} for {where}",
                    types.CodeActionKind.QuickFix,
                    edit_json(uri, version, positions, edits),
                    diagnostic=diag,
                )


def fix_all_action(
    uri: str, version: int | None, text: str, positions: PositionMap, config: Config, path: str | None
) -> Json | None:
    from stanzalint.engine import fix_all

    fixed = fix_all(text, config, path)
    if fixed.text == text:
        return None
    edit = minimal_edit(text, fixed.text)
    return action_json("Fix all safe stanzalint problems", FIX_ALL_KIND, edit_json(uri, version, positions, [edit]))


def refactor_actions(
    uri: str, version: int | None, result: LintResult, positions: PositionMap, start: int, end: int
) -> Iterator[Json]:
    from stanzalint import refactor
    from stanzalint.distroless_split import split_builder_distroless

    dockerfile = result.dockerfile
    for ins in dockerfile.instructions:
        if ins.span.end < start or ins.span.start > end:
            continue
        candidates = []
        if ins.keyword == "RUN":
            candidates.append(
                (
                    "Merge this RUN with the next one",
                    types.CodeActionKind.RefactorRewrite,
                    refactor.merge_run_with_next(dockerfile, ins),
                )
            )
        if ins.keyword in ("CMD", "ENTRYPOINT"):
            candidates.append(
                (
                    f"Convert {ins.keyword} to exec form",
                    types.CodeActionKind.RefactorRewrite,
                    refactor.shell_to_exec(dockerfile, ins),
                )
            )
        if ins.keyword == "FROM":
            stage = next((s for s in result.analysis.stages if s.from_instruction is ins), None)
            if stage is not None:
                candidates.append(
                    (
                        "Split into builder and final stages",
                        types.CodeActionKind.RefactorExtract,
                        refactor.split_builder_final(dockerfile, result.analysis, stage),
                    )
                )
                candidates.append(
                    (
                        "Split into builder and distroless final stages",
                        types.CodeActionKind.RefactorExtract,
                        split_builder_distroless(dockerfile, result.analysis, stage),
                    )
                )
        for title, kind, edits in candidates:
            if edits:
                yield action_json(title, kind, edit_json(uri, version, positions, edits))


def as_command(action: Json) -> Json:
    """For clients without code action literals: the command that applies ``action``."""
    return {"title": action["title"], "command": APPLY_EDIT_COMMAND, "arguments": [action["edit"]]}


@functools.cache
def converter() -> Converter:
    """lsprotocol's converter between LSP types and JSON values (made once: making one takes
    milliseconds)."""
    from lsprotocol import converters

    return converters.get_converter()
