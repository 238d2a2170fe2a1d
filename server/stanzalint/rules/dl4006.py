"""
## What it does
Flags a RUN with a pipe (`a | b`) when the shell does not run with `pipefail`, at the `|` (or
`|&`) of its first pipeline, wherever line continuations, comments or redirections put it.

## Why is this bad?
A pipeline's exit status is the status of its *last* command. In
`RUN curl -fsSL https://example.com/install.sh | sh`, a failed download still gives `sh` an
empty script, `sh` succeeds, and the build goes on without what it was meant to install.
With `pipefail` the pipeline fails when any command in it fails, and so does the build.

Set it once with `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the RUN. Also accepted,
unlike hadolint: `set -o pipefail` earlier in the same RUN (a shell without pipefail then fails
the step loudly rather than hiding the error). Pipes inside a nested `sh -c '...'` script are
governed by that shell's own options and are not checked. `ONBUILD RUN` is not checked: it runs
under the SHELL of the image that inherits it.

## Example
```dockerfile
FROM debian:12
RUN curl -fsSL https://example.com/install.sh | sh
```

## Use instead
```dockerfile
FROM debian:12
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/install.sh | sh
```

## Fix safety
Unsafe: the inserted `SHELL` also applies to every later RUN, CMD and ENTRYPOINT shell form of
the stage, and switches `/bin/sh` to bash (busybox `ash` on Alpine and busybox images, which
have no bash), whose behaviour differs in details such as `echo` escapes. Review later steps
when applying it. No fix on an image known to have no such shell (Windows, distroless).

## Options
None.

## References
- [Dockerfile reference: SHELL](https://docs.docker.com/reference/dockerfile/#shell)
- [Docker docs: using pipes](https://docs.docker.com/build/building/best-practices/#using-pipes)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import NamedTuple

from stanzalint.analysis.model import ImageRef, ShellCommand
from stanzalint.analysis.shell_wrappers import basename
from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.edits import newline_of
from stanzalint.rules.toolkit.run_as_user import looks_windows
from stanzalint.rules.toolkit.run_summaries import run_summary
from stanzalint.rules.toolkit.stages import Roots, stage_groups
from stanzalint.syntax.model import Span

_PIPEFAIL_SHELLS = frozenset({"bash", "zsh", "ksh", "mksh", "ash"})


def has_pipefail(args: list[str]) -> bool:
    for i, a in enumerate(args):
        if a == "pipefail" and i > 0 and args[i - 1].startswith("-") and "o" in args[i - 1]:
            return True
    return False


def _set_pipefail(cmd) -> bool:
    return cmd.name == "set" and has_pipefail([w.value for w in cmd.words])


class _FlaggedPipe(NamedTuple):
    """Where a RUN's finding stands, counted back from the RUN's end (``run_summary`` remembers
    it by the RUN's text). It is what the rule reads of a RUN (``reads_runs``): the findings memo
    keeps a stage's findings while each RUN's summary stays, and moves them by aligning the RUN's
    text before and after the edit. Typing before the ``|`` leaves its distance to the end, and
    the finding moves with the text; an edit that changes that distance (typing after the ``|``,
    or typing before it a quote that takes it into a command, another ``|`` then being the
    pipeline's) runs the rule again instead."""

    from_end: int  # characters from the ``|`` to the RUN's end
    length: int  # 1 for ``|``, 2 for ``|&``


def _flagged_pipe(commands: list[ShellCommand]) -> _FlaggedPipe | None:
    """The ``_FlaggedPipe`` of a RUN's ``commands``: the ``|`` joining its first piped command
    (not in a nested ``sh -c``) to its pipeline, as the shell parser found it; None when the RUN
    has none or sets ``-o pipefail`` before it. Should the parser's error recovery give a
    pipeline without its ``|``, the RUN's keyword."""
    for cmd in commands:
        if cmd.via_shell_c:
            continue
        if _set_pipefail(cmd):
            return None
        if cmd.pipe_next or cmd.pipe_prev:
            run = cmd.instruction
            at = cmd.pipe_operator if cmd.pipe_operator is not None else run.keyword_span
            return _FlaggedPipe(run.span.end - at.start, at.length)
    return None


def _pipefail_shell(ctx: RuleContext, shell: list[str], image: ImageRef | None) -> list[str] | None:
    """The SHELL that sets pipefail in place of ``shell`` on the root ``image``: the same shell
    when it has the option, else one the image has (busybox's ``ash`` on Alpine and busybox
    images, bash elsewhere); None on an image without a POSIX shell to name (Windows,
    distroless, scratch)."""
    prog = basename(shell[0]) if shell else "sh"
    rest = shell[1:] if shell else ["-c"]
    if prog in _PIPEFAIL_SHELLS:
        return [shell[0], "-o", "pipefail"] + rest
    facts = None
    if image is not None and not image.unresolved:
        from stanzalint.knowledge import os_family

        facts = os_family(image)
    if facts is not None and (facts.os == "windows" or facts.family in ("distroless", "scratch")):
        return None
    if facts is None and image is not None and looks_windows(image.resolved, ctx.path):
        return None
    if facts is not None and facts.family == "alpine":
        program = "/bin/ash"
    elif facts is not None and facts.distro == "busybox":
        program = "/bin/sh"  # busybox's ash: it has pipefail, and the image has no bash
    else:
        program = "/bin/bash"
    return [program, "-o", "pipefail"] + (rest or ["-c"])


def _shell_fix(ctx: RuleContext, before, image: ImageRef | None) -> Fix | None:
    """A SHELL setting pipefail before ``before``, in the stage on the root ``image``."""
    if ctx.analysis.stage_of(before) is None:
        return None  # no FROM before it: a SHELL there would be an error, not a fix
    shell = _pipefail_shell(ctx, ctx.analysis.shell_of(before), image)
    if shell is None:
        return None
    line, _ = ctx.dockerfile.lines.position(before.keyword_span.start)
    start = ctx.dockerfile.lines.line_starts[line]
    indent = ctx.text[start : before.keyword_span.start]
    if indent.strip():
        return None
    text = "SHELL " + json.dumps(shell) + newline_of(ctx.text) + indent
    return Fix.unsafe(
        "Set `pipefail` with a SHELL instruction before this RUN",
        [Edit(Span(before.keyword_span.start, before.keyword_span.start), text)],
    )


@rule(
    code="DL4006",
    name="pipe-without-pipefail",
    severity=Severity.WARNING,
    fix=FixAvailability.SOMETIMES,
    scope="stage",
    reads=("shell", "root-image"),  # of the stages below it, only the image at the bottom (ash on Alpine)
    reads_runs=_flagged_pipe,
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    roots = Roots()
    for stage, instructions in stage_groups(ctx):
        image = roots.of(stage).image if stage is not None else None
        segment_fix = None  # the fix of every flagged RUN since the last SHELL: one SHELL fixes them all
        in_segment = False  # a RUN was flagged since the last SHELL
        for ins in instructions:
            if ins.keyword == "SHELL":
                in_segment = False
                continue
            if ins.keyword != "RUN" or ins.is_json or not ctx.analysis.is_posix_shell(ins):
                continue
            if has_pipefail(ctx.analysis.shell_of(ins)[1:]):
                continue
            pipe = run_summary(ctx.analysis, ins, _flagged_pipe)
            if pipe is None:
                continue
            if not in_segment:
                in_segment, segment_fix = True, _shell_fix(ctx, ins, image)
            yield ctx.violation(
                Span(ins.span.end - pipe.from_end, ins.span.end - pipe.from_end + pipe.length),
                "Set `-o pipefail` in SHELL so a failure before the pipe fails the build",
                fix=segment_fix,
            )
