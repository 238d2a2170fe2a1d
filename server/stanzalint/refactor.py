"""Refactorings of a parsed Dockerfile, as edits: merge a RUN with the next one, shell form to
exec form for CMD/ENTRYPOINT, split a stage into builder and final stages, and the edits that
add a rule to an ignore pragma. Each returns None when it does not apply."""

from __future__ import annotations

import json
from typing import Any

from stanzalint.analysis.argv import plain_argv
from stanzalint.findings import Edit
from stanzalint.rules.toolkit.stage_split import plan_split
from stanzalint.syntax.model import Dockerfile, Instruction, Span
from stanzalint.syntax.pragmas import Pragma


def _index(dockerfile: Dockerfile, ins: Instruction) -> int:
    for i, candidate in enumerate(dockerfile.instructions):
        if candidate is ins:
            return i
    return -1


def _plain_shell_run(ins: Instruction) -> bool:
    return ins.keyword == "RUN" and ins.is_shell_form and not ins.heredocs and ins.inner is None


def merge_run_with_next(dockerfile: Dockerfile, ins: Instruction) -> list[Edit] | None:
    """``RUN a`` + ``RUN b`` -> ``RUN a && \\`` / ``    b``: needs two shell-form RUNs with the
    same flags and nothing but blank space between them."""
    i = _index(dockerfile, ins)
    if i < 0 or i + 1 >= len(dockerfile.instructions):
        return None
    nxt = dockerfile.instructions[i + 1]
    if not (_plain_shell_run(ins) and _plain_shell_run(nxt)):
        return None
    if [f.text for f in ins.flags] != [f.text for f in nxt.flags]:
        return None
    if not ins.rest.text.strip() or not nxt.rest.text.strip():
        return None
    text = dockerfile.text
    end = ins.span.end
    while end > ins.span.start and text[end - 1] in " \t":
        end -= 1
    if text[end : nxt.keyword_span.start].strip():
        return None  # a comment between the two would be lost
    start_next = nxt.rest.doc_offset(0)
    return [Edit(Span(end, start_next), f" && {dockerfile.escape}\n    ")]


def shell_to_exec(dockerfile: Dockerfile, ins: Instruction) -> list[Edit] | None:
    """``CMD python app.py`` -> ``CMD ["python", "app.py"]``; a command that needs a shell
    (pipes, variables, globs) keeps it: ``["/bin/sh", "-c", "..."]``."""
    if ins.keyword not in ("CMD", "ENTRYPOINT") or ins.is_json or ins.heredocs or ins.inner is not None:
        return None
    command = ins.rest.text.strip()
    if not command:
        return None
    words = plain_argv(command)
    if not words:
        words = ["/bin/sh", "-c", command]
    start = ins.rest.doc_offset(0)
    end = ins.span.end
    while end > start and dockerfile.text[end - 1] in " \t":
        end -= 1
    return [Edit(Span(start, end), json.dumps(words, ensure_ascii=False))]


def split_builder_final(dockerfile: Dockerfile, analysis: Any, stage: Any) -> list[Edit] | None:
    """The edits of ``plan_split``: the editor's "split into builder and final stages"."""
    plan = plan_split(dockerfile, analysis, stage)
    return plan.edits if plan is not None and plan.refused is None else None


# --- ignore pragmas -----------------------------------------------------------------------


def ignore_for_instruction(dockerfile: Dockerfile, ins: Instruction, code: str) -> list[Edit]:
    """Add ``code`` to the ``# stanzalint: ignore=`` line right above ``ins``, or insert one."""
    line = ins.start_line
    for pragma in dockerfile.pragmas:
        if (
            pragma.tool == "stanzalint"
            and pragma.scope == "next"
            and pragma.comment is not None
            and pragma.comment.line == line - 1
            and pragma.codes
        ):
            return _add_code(pragma, code)
    start = dockerfile.lines.line_starts[line]
    indent = dockerfile.text[start : ins.keyword_span.start]
    if indent.strip():
        indent = ""
    return [Edit(Span(start, start), f"{indent}# stanzalint: ignore={code}\n")]


def ignore_for_file(dockerfile: Dockerfile, code: str) -> list[Edit]:
    """Add ``code`` to the file's ``# stanzalint: global ignore=`` line, or insert one after
    the parser directives (which must stay first)."""
    for pragma in dockerfile.pragmas:
        if pragma.tool == "stanzalint" and pragma.scope == "global" and pragma.codes:
            return _add_code(pragma, code)
    at = 0
    if dockerfile.text.startswith("\ufeff"):
        at = 1
    for directive in dockerfile.directives:
        line = dockerfile.lines.position(directive.span.start)[0]
        at = max(
            at,
            dockerfile.lines.line_starts[line + 1] if line + 1 < dockerfile.lines.line_count else len(dockerfile.text),
        )
    prefix = "" if at == 0 or dockerfile.text[at - 1] == "\n" else "\n"
    return [Edit(Span(at, at), f"{prefix}# stanzalint: global ignore={code}\n")]


def _add_code(pragma: Pragma, code: str) -> list[Edit]:
    """The edit adding ``code`` to the codes an ignore pragma lists: none when it lists it already
    (in any case)."""
    if any(c.text.upper() == code.upper() for c in pragma.codes):
        return []
    end = pragma.codes[-1].span.end
    return [Edit(Span(end, end), f",{code}")]
