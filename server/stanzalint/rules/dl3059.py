"""
## What it does
Flags a `RUN` that directly follows another `RUN` of the same stage with the same flags, when
each of the two runs a single command (comments and blank lines in between do not separate
them). Like hadolint, a `RUN` that already chains several commands (`&&`, `;`, pipes, `$(...)`,
`if`...) neither is flagged nor makes the next one flagged: splitting long steps on purpose keeps
the build cache useful, while a row of one-command `RUN`s is almost always an oversight.

## Why is this bad?
Every `RUN` makes a layer. Files a later `RUN` deletes stay in the earlier layer and still ship
(an apt list cleanup in its own `RUN` saves nothing), each layer adds metadata and pull
round-trips, and a long row of tiny `RUN`s makes the build slower to read and to cache. Related
steps belong in one `RUN` joined with `&&`.

`RUN`s with different flags (`--mount`, `--network`, `--security`) are not flagged: they cannot
be merged without changing what each step sees. `ONBUILD RUN` ends a row, as it runs in another
build.

## Example
```dockerfile
FROM debian:12-slim
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl
```

## Use instead
```dockerfile
FROM debian:12-slim
RUN apt-get update && \
    apt-get install -y --no-install-recommends curl
```

## Fix safety
Safe when both `RUN`s are shell form without heredocs, under a POSIX shell, the first ends in a
plain command (no trailing comment or operator) and the second is a chain of `&&` and pipes: the
merged command stops at the first failure exactly as two `RUN`s do. Unsafe when the first `RUN`
changes shell state the second would now inherit (`cd`, `export`, `set`, `source`, `umask`,
assignments, `exit`...). No fix with comments between the two, heredocs, exec form, or a second
`RUN` using `;` or `||` (after the merge, a failure of the first would no longer stop the build).

## Options
None.

## References
- [Dockerfile reference: RUN](https://docs.docker.com/reference/dockerfile/#run)
- [Docker docs: minimize the number of layers](https://docs.docker.com/build/building/best-practices/#minimize-the-number-of-layers)
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import NamedTuple

from stanzalint.analysis.model import ShellCommand
from stanzalint.findings import Edit, Fix, FixAvailability, Related, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.edits import newline_of, script_ending
from stanzalint.rules.toolkit.run_summaries import run_summary
from stanzalint.rules.toolkit.stages import stage_groups
from stanzalint.syntax.model import Instruction, MappedText, Span

_TESTS = {"[", "[["}
_STATEFUL = {
    "cd",
    "pushd",
    "popd",
    "export",
    "set",
    "source",
    ".",
    "umask",
    "alias",
    "unalias",
    "shopt",
    "ulimit",
    "trap",
    "exec",
    "exit",
    "return",
    "unset",
    "declare",
    "typeset",
    "local",
    "readonly",
    "eval",
    "hash",
    "enable",
}


class _Run(NamedTuple):
    """What the rule reads of one RUN's commands, with no position in it (``run_summary``)."""

    single: bool  # at most one command counts (``_single``)
    changes_state: bool  # a command changes shell state a later command would inherit
    separated: bool  # its script holds ``;`` or ``||`` (``;`` quoted or escaped too)
    continued: bool  # its script goes on over a line continuation
    hash_on_last_line: bool  # its script's part on its last line holds ``#``
    heredocs: bool  # it opens heredocs (a marker between its words is cut out with them)
    backgrounded: bool  # its script ends with ``&`` (inside an open command too: ``_merge`` reads it)


def _summary(commands: list[ShellCommand]) -> _Run:
    """What the rule reads of a RUN with these commands. The fix also reads the text of the
    RUN's last line (``#`` there): outside the commands the projection shows it, and inside
    them ``continued`` and ``hash_on_last_line`` decide it; whether it has heredocs; and whether
    its script ends with ``&``, which a command left open (an unclosed quote) holds inside it."""
    single = len(list(islice(filter(_counts, commands), 2))) <= 1  # stops at the second
    changes_state = any(c.name in _STATEFUL or (not c.words and c.assignments) for c in commands)
    if not commands:
        return _Run(single, changes_state, False, False, False, False, False)
    run = commands[0].instruction
    text = run.rest.text
    last_line = _last_line_start(run.rest)
    separated = ";" in text or "||" in text
    backgrounded = _backgrounded(run)
    return _Run(
        single, changes_state, separated, last_line > 0, "#" in text[last_line:], bool(run.heredocs), backgrounded
    )


def _backgrounded(run: Instruction) -> bool:
    """Whether the RUN's script ends with ``&``: merged after ``a &&``, it would send ``a`` to
    the background too."""
    return run.rest.text.rstrip().endswith("&")


def _last_line_start(script: MappedText) -> int:
    """Where in ``script`` (a RUN's text, continuations joined) its last line starts: after the
    last place where joined lines meet, where the document offsets jump. Found by halving: the
    offsets rise by one a character only across the last line."""
    offsets, last = script.offsets, len(script.text) - 1
    if last <= 0:
        return 0
    end = offsets[last]
    low, high = 0, last
    while low < high:
        middle = (low + high) // 2
        if end - offsets[middle] == last - middle:
            high = middle
        else:
            low = middle + 1
    return low


@rule(
    code="DL3059",
    name="consecutive-run",
    severity=Severity.INFO,
    fix=FixAvailability.SOMETIMES,
    practice="c",
    scope="stage",
    reads=("shell",),
    reads_runs=_summary,
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for _stage, instructions in stage_groups(ctx):
        previous: Instruction | None = None
        for ins in instructions:
            if ins.keyword != "RUN":
                previous = None
                continue
            if (
                previous is not None
                and _flags(previous) == _flags(ins)
                and run_summary(ctx.analysis, previous, _summary).single
                and run_summary(ctx.analysis, ins, _summary).single
            ):
                yield ctx.violation(
                    ins.keyword_span,
                    "This RUN follows another RUN; join them with && to make one layer",
                    fix=_merge(ctx, previous, ins),
                    related=[Related(previous.keyword_span, "previous RUN")],
                    instruction_line=ins.start_line,
                )
            previous = ins


def _counts(command: ShellCommand) -> bool:
    """Whether a command counts towards a chain (nested ones in ``$(...)``, pipes and lists
    count; ``sh -c`` scripts count as their ``sh``; tests ``[ ... ]`` and bare assignments do
    not): a RUN that is already a chain is not worth flagging."""
    return not command.via_shell_c and bool(command.words) and command.words[0].value not in _TESTS


def _flags(ins: Instruction):
    return sorted(f.text for f in ins.flags)


def _merge(ctx: RuleContext, first: Instruction, second: Instruction) -> Fix | None:
    analysis = ctx.analysis
    if first.is_json or second.is_json or first.heredocs or second.heredocs:
        return None
    if not analysis.is_posix_shell(first):
        return None
    between = ctx.text[first.span.end : second.span.start]
    if between.strip():
        return None  # comments between the two: keep them where they are
    last_line = ctx.dockerfile.lines.line_text(first.end_line)
    first_cmds, second_cmds = analysis.commands(first), analysis.commands(second)
    if "#" in last_line or not first_cmds or not second_cmds or script_ending(first, first_cmds) != "word":
        return None  # a comment, a trailing operator or a construct left open: `&&` cannot follow
    if (
        any(c.connector not in (None, "&&", "|") for c in second_cmds)
        or run_summary(analysis, second, _summary).separated
    ):
        return None
    if _backgrounded(second):
        return None
    start = second.rest.doc_offset(len(second.rest.text) - len(second.rest.text.lstrip()))
    joint = f" && {ctx.dockerfile.escape}{newline_of(ctx.text)}    "
    edit = Edit(Span(first.span.end, start), joint)
    if run_summary(analysis, first, _summary).changes_state:
        return Fix.unsafe("Merge into the previous RUN (it changes shell state this one would inherit)", [edit])
    return Fix.safe("Merge into the previous RUN with &&", [edit])
