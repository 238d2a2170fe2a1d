"""
## What it does
Flags `CMD` and `ENTRYPOINT` written in shell form (`CMD python app.py`) instead of exec form
(`CMD ["python", "app.py"]`).

## Why is this bad?
Shell form runs the program under `/bin/sh -c`. The shell becomes PID 1 and does not pass
signals on: `docker stop` sends SIGTERM to the shell, the program never hears it, and after the
grace period it is killed without flushing buffers or closing connections. A shell-form
`ENTRYPOINT` also ignores the arguments of `docker run` and the image's `CMD`. Exec form starts
the program itself as PID 1.

Like BuildKit's `JSONArgsRecommended`, a stage that sets its own `SHELL` is not flagged: the shell
was chosen on purpose. `HEALTHCHECK CMD` in shell form is not flagged either (hadolint flags
it): a health check is a short command run again and again, where signal handling does not
matter and shell operators such as `|| exit 1` are the usual idiom.

```dockerfile
HEALTHCHECK CMD curl -f http://localhost/ || exit 1   # hadolint flags this, stanzalint does not
```

## Example
```dockerfile
FROM python:3.12-slim
CMD python app.py
```

## Use instead
```dockerfile
FROM python:3.12-slim
CMD ["python", "app.py"]
```

## Fix safety
Unsafe, and offered only when the command is plain words (no quotes, variables, globs,
redirections or operators), so the exec form names the same program and arguments; a leading
`exec` is dropped (the exec form does what it does), and a command the shell runs itself (`cd`,
`set`, `source`, `time`, an assignment) gets no fix: no program of that name exists. It still
changes how the container runs: the program becomes PID 1 (it now receives signals, and must
reap children), an `ENTRYPOINT` starts taking `docker run` arguments and `CMD`, and a `CMD`
passed to an `ENTRYPOINT` (possibly the base image's) loses its `/bin/sh -c` prefix.

## Options
None.

## References
- [Dockerfile reference: shell and exec form](https://docs.docker.com/reference/dockerfile/#shell-and-exec-form)
- [Build checks: JSONArgsRecommended](https://docs.docker.com/reference/build-checks/json-args-recommended/)
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from stanzalint.analysis.argv import plain_argv
from stanzalint.analysis.model import Stage
from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.stages import stage_body
from stanzalint.syntax.model import Instruction, Span

# plain words; the first has no "=" (the shell would take ``A=b cmd`` as an assignment)


@rule(
    code="DL3025",
    name="cmd-entrypoint-shell-form",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    practice="h",
    aliases=("JSONArgsRecommended",),
    scope="stage",
    reads=("global-args", "base-stages"),
    reads_commands=(),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    shell_in_chain: dict[int, bool] = {}
    for stage in ctx.analysis.stages:
        shell_set = _shell_before(stage, shell_in_chain)
        for ins in stage_body(stage):
            if ins.keyword == "SHELL":
                shell_set = True
            if ins.keyword not in ("CMD", "ENTRYPOINT") or ins.is_json or shell_set:
                continue
            if not ins.rest.text.strip():
                continue
            yield ctx.violation(
                ins.keyword_span,
                f"Write {ins.keyword} in exec form (a JSON array) so the program runs as PID 1 and receives signals",
                fix=_exec_form(ctx, ins),
                instruction_line=ins.start_line,
            )


def _shell_before(stage: Stage, shell_in_chain: dict[int, bool]) -> bool:
    """Whether a stage this one is built on sets SHELL. ``shell_in_chain`` remembers, by stage
    index, whether a stage or one it is built on does, so each stage is read once."""
    pending: list[Stage] = []
    seen = {id(stage)}  # as ``Stage.chain``: a stage met twice ends the walk
    base = stage.base_stage
    while base is not None and base.index not in shell_in_chain and id(base) not in seen:
        seen.add(id(base))
        pending.append(base)
        base = base.base_stage
    found = base is not None and shell_in_chain.get(base.index, False)
    for earlier in reversed(pending):
        found = found or any(ins.keyword == "SHELL" for ins in stage_body(earlier))
        shell_in_chain[earlier.index] = found
    return found


#: words a shell runs itself (builtins and keywords): no program of that name to run in exec form
#: (``time`` is a keyword of bash and of no slim image's ``/usr/bin``)
_SHELL_WORDS = frozenset(
    "exec cd set export unset source . eval exit return trap ulimit umask alias unalias shift read wait "
    "readonly local declare typeset let time times ! { } if for while until case".split()
)


def _exec_form(ctx: RuleContext, ins: Instruction) -> Fix | None:
    words = plain_argv(ins.rest.text.strip())
    if "\n" in ctx.source(ins.span) or words is None:
        return None
    if words and words[0] == "exec":
        words = words[1:]  # the exec form does what ``exec`` does: the program replaces the shell
    if not words or words[0] in _SHELL_WORDS or "=" in words[0]:
        return None  # a builtin, a keyword or an assignment: no program of that name
    argv = json.dumps(words, ensure_ascii=False)
    start = ins.rest.doc_offset(len(ins.rest.text) - len(ins.rest.text.lstrip()))
    end = ins.rest.doc_offset(len(ins.rest.text.rstrip()))
    return Fix.unsafe(f"Rewrite as {ins.keyword} {argv}", [Edit(Span(start, end), argv)])
