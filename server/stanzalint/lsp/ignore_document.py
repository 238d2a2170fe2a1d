"""``.dockerignore`` files in the language server: their diagnostics (SZ308, SZ309), the hover
on a pattern and path completion, all from the real build context (walked in the background,
every file, nothing ignored)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stanzalint.context.ignore_check import PatternEffect, ignore_context, path_completions, pattern_effects
from stanzalint.context.known import KNOWN
from stanzalint.syntax.model import Span

if TYPE_CHECKING:
    from stanzalint.config import Config
    from stanzalint.engine import LintResult


def effects_for(text: str, path: str) -> list[PatternEffect] | None:
    """What each pattern does to the context (None while the context is being walked)."""
    tree = KNOWN.all_files(ignore_context(path))
    return None if tree is None else pattern_effects(text, tree.paths())


def lint_ignore_document(text: str, config: Config, path: str) -> LintResult:
    """A lint result for an ignore file: its text as lines, and the SZ308/SZ309 findings."""
    from stanzalint.analysis import analyze
    from stanzalint.config import Selection
    from stanzalint.engine import LintResult, document_order, severity_override
    from stanzalint.findings import Violation
    from stanzalint.rules import meta_for
    from stanzalint.syntax.model import Dockerfile, LineIndex
    from stanzalint.syntax.pragmas import BuildCheckSettings

    dockerfile = Dockerfile(text, LineIndex(text), [], [], [], "\\", [])
    found = []
    selection = Selection.of(config)
    for effect in effects_for(text, path) or []:
        code, message = _finding(effect)
        if code is None or not selection.enabled(code):
            continue
        meta = meta_for(code)
        assert meta is not None  # SZ308 and SZ309 are registered rules
        severity = severity_override(config, meta, BuildCheckSettings()) or meta.severity
        found.append(
            Violation(
                code=code,
                span=Span(effect.line.start, effect.line.end),
                message=message,
                severity=severity,
                name=meta.name,
                tags=meta.tags,
            )
        )
    found.sort(key=document_order)
    return LintResult(dockerfile, analyze(dockerfile), found)


def _finding(effect: PatternEffect) -> tuple[str | None, str]:
    written = effect.line.pattern
    if effect.exclusion and effect.decided == 0:
        return "SZ309", f"`{written}` re-includes nothing: no file it matches is kept out by a pattern above it"
    if not effect.exclusion and effect.matched == 0:
        return "SZ308", f"`{written}` matches nothing in the build context"
    return None, ""


def ignore_hover(path: str, text: str, offset: int) -> tuple[str, Span] | None:
    """What the pattern under ``offset`` does, in markdown."""
    for effect in effects_for(text, path) or []:
        line = effect.line
        if line.start <= offset <= line.end:
            files = _files(effect.matched)
            if effect.exclusion:
                body = f"matches {files} of the build context and brings back {effect.decided} of them"
            else:
                kept = (
                    "all of them"
                    if effect.decided == effect.matched
                    else f"{effect.decided} of them (later exceptions bring back the rest)"
                )
                body = f"matches {files} of the build context and keeps out {kept}"
            return f"**`{line.pattern}`** {body}", Span(line.start, line.end)
    return None


def ignore_completion(path: str, typed: str) -> list[str]:
    """Paths of the context for the pattern being typed."""
    return path_completions(ignore_context(path), typed)


def _files(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"
