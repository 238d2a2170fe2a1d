"""
## What it does
Flags `ENV` instructions that persist settings meant only for the build into the image:
`DEBIAN_FRONTEND`, `DEBCONF_NONINTERACTIVE_SEEN`, `DEBCONF_NOWARNINGS`,
`APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE`, `NEEDRESTART_MODE` and `NEEDRESTART_SUSPEND`. They only
tell `apt`, `debconf` and `needrestart` not to ask questions while packages install.

Only stages whose configuration the shipped image keeps are checked: the stage built (the last,
or `--target`) and the stages it is built `FROM`. An `ENV` in a builder stage is left alone: no
container starts from it, and `COPY --from` copies files, not environment.

Images meant to have packages installed after their build are left alone too: a base for
other images, whose children's `RUN apt-get install` rely on the inherited variable, and an
image that configures apt to answer yes by itself (`APT::Get::Assume-Yes`, a `90assumeyes`
file copied into `/etc/apt/apt.conf.d`) for installer scripts run in the container. A base for
other images is one with `ONBUILD` triggers (such as an `apt-get install` of the child's
`apt.txt`), one a `LABEL` or the comment above its `FROM` calls a base image (see SZ501), or
one made to be completed by the images built on it: an `ENTRYPOINT` launcher with no `CMD`
after it, and hook directories it creates for their start-up scripts
(`mkdir /usr/local/bin/start-notebook.d`), like Jupyter's `docker-stacks-foundation`, which
`base-notebook` completes with the notebook server and its `CMD`. An image with a `CMD`, or
without hook directories, is still checked: an `ENTRYPOINT` with no `CMD` alone is as often
an application that takes no arguments.

## Why is this bad?
`ENV` is for the running container; `ARG` is for the build. `ENV DEBIAN_FRONTEND=noninteractive`
stays in the image's configuration, so everyone who later opens a shell in the container and
runs `apt-get install` gets packages configured with default answers and no prompt, without
having asked for it, and every image built `FROM` this one inherits it. Docker's own
documentation recommends against it. `ARG DEBIAN_FRONTEND=noninteractive` has the same effect
on the `RUN` steps of the stage (an `ARG` is in their environment) and leaves the image clean.

## Example
```dockerfile
FROM ubuntu:24.04
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends r-base \
    && rm -rf /var/lib/apt/lists/*
```

## Use instead
```dockerfile
FROM ubuntu:24.04
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends r-base \
    && rm -rf /var/lib/apt/lists/*
```

## Fix safety
Unsafe: the running container, and stages built `FROM` this one, no longer see the variable,
which is the point. An `ENV` holding only build-time settings becomes an `ARG` (the legacy
`ENV KEY value` form is rewritten to `ARG KEY=value`); an `ENV` that also sets other variables
keeps them, and the build-time ones move to an `ARG` line above it. No edit is offered when a
stage built `FROM` this one runs `apt-get` or `dpkg`: it inherits the `ENV`, but an `ARG` ends
with its stage, so the setting belongs in that stage.

## Options
None.

## References
- [Dockerfile reference: ENV (DEBIAN_FRONTEND)](https://docs.docker.com/reference/dockerfile/#env)
- [Docker docs: FAQ on DEBIAN_FRONTEND](https://docs.docker.com/build/building/best-practices/#env)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from stanzalint.analysis.model import Analysis, ShellCommand, Stage
from stanzalint.findings import Edit, Fix, FixAvailability, Severity, Violation
from stanzalint.lru import WeightedLRU
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.edits import newline_of
from stanzalint.rules.toolkit.purpose import (
    completed_by_images_built_on_it,
    declared_base_for_other_images,
    makes_hook_directory,
)
from stanzalint.rules.toolkit.run_summaries import run_summary
from stanzalint.rules.toolkit.shipped import stage_ships
from stanzalint.rules.toolkit.stages import chain_instructions, stage_body
from stanzalint.syntax.model import Instruction, Span, Token

BUILD_ONLY = frozenset(
    {
        "DEBIAN_FRONTEND",
        "DEBCONF_NONINTERACTIVE_SEEN",
        "DEBCONF_NOWARNINGS",
        "APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE",
        "NEEDRESTART_MODE",
        "NEEDRESTART_SUSPEND",
    }
)


class _RunSays(NamedTuple):
    """What the rule reads of one RUN (``reads_runs``): typing that leaves it as it was keeps
    the rule's findings."""

    runs_apt: bool  # runs one of ``_APT_TOOLS``: a stage built on this one may need the setting
    makes_hook_directory: bool  # ``mkdir .../start-notebook.d``: the image is completed by others
    says_assume_yes: bool  # its arguments configure apt to answer yes (``_ASSUME_YES``)


def _what_a_run_says(commands: list[ShellCommand]) -> _RunSays:
    """The ``_RunSays`` of a RUN's ``commands``. Whether its arguments say ``_ASSUME_YES`` is read
    off the RUN the commands come from: its text (which decides its commands too) holds the
    words, redirections and comments the commands leave out."""
    return _RunSays(
        any(cmd.name in _APT_TOOLS for cmd in commands),
        makes_hook_directory(commands),
        bool(commands) and any(_says_assume_yes(t.value) for t in commands[0].instruction.args),
    )


@rule(
    code="SZ704",
    name="build-time-env",
    severity=Severity.INFO,
    fix=FixAvailability.SOMETIMES,
    practice="g",
    scope="stage",
    reads=("shell", "global-args", "base-stages", "stage-names", "dependent-chains", "final-stage"),
    reads_runs=_what_a_run_says,
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    final = ctx.analysis.final_stage
    if final is None:
        return
    found = _build_time_settings(ctx.analysis)
    if not found or _installs_after_the_build(ctx.analysis, final):
        return
    apt_later = _stages_with_apt_running_in_a_later_stage(ctx.analysis)
    for stage, ins, build in found:
        fix = None if stage.index in apt_later else _fix(ctx, ins)
        for key in build:
            yield ctx.violation(
                key.span,
                f"`{key.value}` only matters while the image builds: set it with ARG so the "
                "container does not inherit it",
                fix=fix,
            )


def _build_time_settings(analysis: Analysis) -> list[tuple[Stage, Instruction, list[Token]]]:
    """Each ENV of a stage that ships setting ``BUILD_ONLY`` names, with its stage and those
    names' tokens, in order: read from the file's ENV instructions only."""
    found = []
    ships: dict[int, bool] = {}
    for ins in analysis.dockerfile.of_keyword("ENV"):
        stage = analysis.stage_of(ins)
        if stage is None or ins.parent is not None:
            continue
        if stage.index not in ships:
            ships[stage.index] = stage_ships(analysis, stage)
        if not ships[stage.index] or len(ins.args) < 2:
            continue  # a builder's ENV: its arguments (moved after an edit above it) are not read
        build = [k for k in ins.args[0::2] if k.value in BUILD_ONLY]
        if build:
            found.append((stage, ins, build))
    return found


def _installs_after_the_build(analysis: Analysis, final: Stage) -> bool:
    """Packages are installed into the image after it is built, relying on its environment: it
    is declared a base for other images (``ONBUILD`` triggers, documented as a base image) or
    made to be completed by images built on it (a launcher without CMD, hook directories), or
    it configures apt to answer yes by itself (``APT::Get::Assume-Yes``, a ``90assumeyes`` file under
    ``/etc/apt/apt.conf.d``) for installers run in the container."""
    if declared_base_for_other_images(analysis, final) is not None:
        return True
    if completed_by_images_built_on_it(analysis, final):
        return True
    text, escape = analysis.dockerfile.text, analysis.dockerfile.escape
    for _, ins in chain_instructions(final):
        if ins.keyword == "RUN" and analysis.commands(ins):
            if run_summary(analysis, ins, _what_a_run_says).says_assume_yes:
                return True
        elif ins.keyword in _WRITING and _args_say_assume_yes(ins, text, escape):
            return True  # a file copied in, or a RUN with no command to summarise (``RUN A=x``),
            # whose whole text the memo's key holds
    return False


#: the instructions whose arguments may configure apt's answers (a command, a file copied in)
_WRITING = frozenset(("RUN", "COPY", "ADD"))
#: whether an instruction's arguments say ``_ASSUME_YES``, by (its text, the escape character),
#: which decide its arguments: a stage checked again after an edit reads the arguments of its
#: other instructions no more (those after the edit are moved copies, read lazily).
_SAYS_ASSUME_YES: WeightedLRU[tuple[str, str], bool] = WeightedLRU(
    max_weight=256_000, weigh=lambda key, _says: len(key[0]), max_entries=2048
)


def _args_say_assume_yes(ins: Instruction, text: str, escape: str) -> bool:
    """Whether an argument of ``ins`` says ``_ASSUME_YES`` (``_says_assume_yes``)."""
    key = (text[ins.span.start : ins.span.end], escape)
    says = _SAYS_ASSUME_YES.get(key)
    if says is None:
        says = any(_says_assume_yes(t.value) for t in ins.args)
        _SAYS_ASSUME_YES.put(key, says)
    return says


#: apt's unattended-answer setting, or a file named for it
_ASSUME_YES = re.compile(r"assume-?yes", re.IGNORECASE)


def _says_assume_yes(value: str) -> bool:
    """``_ASSUME_YES`` occurs in ``value``. A substring test goes first and spares the regular
    expression most RUN texts: every character the pattern's letters match, case ignored,
    casefolds to that letter, so a match leaves ``assume`` in the casefolded text."""
    return "assume" in value.casefold() and _ASSUME_YES.search(value) is not None


def _stages_with_apt_running_in_a_later_stage(analysis: Analysis) -> set[int]:
    """The indexes of the stages that a stage built on them (or on one of the stages a variable
    ``FROM`` may pick), directly or not, runs apt or dpkg in: it inherits their ENV, and an ARG
    would not reach it (an ARG ends with its stage). A stage's base is an earlier stage, so
    walking the stages backwards hands each stage's answer to its base once. Every stage of the
    file counts, also when the rule is shown some stages only."""
    stages = analysis.whole.stages
    runs_apt = {s.index for s in stages if any(_runs_apt(analysis, ins) for ins in stage_body(s))}
    below: set[int] = set()  # stages a later stage built on them, directly or not, runs apt in
    for stage in reversed(stages):
        if stage.base_stage is not None and (stage.index in runs_apt or stage.index in below):
            below.add(stage.base_stage.index)
    found = set(below)
    for stage in stages:
        if stage.index in runs_apt or stage.index in below:
            found.update(b.index for b in stage.base_candidates)
    return found


def _runs_apt(analysis: Analysis, ins: Instruction) -> bool:
    return ins.keyword == "RUN" and run_summary(analysis, ins, _what_a_run_says).runs_apt


_APT_TOOLS = {"apt-get", "apt", "aptitude", "dpkg", "dpkg-reconfigure", "debconf-set-selections"}


def _pairs(ctx: RuleContext, ins: Instruction) -> list[str]:
    """``KEY=value`` text of each pair, values as written in the source."""
    out = []
    args = ins.args
    for k in range(0, len(args) - 1, 2):
        key, val = args[k], args[k + 1]
        source = ctx.source(Span(key.span.start, val.span.end))
        if "=" in source and source.startswith(key.value + "="):
            out.append(source)
        else:  # legacy ``ENV KEY value``: the value is the rest of the line
            raw = ctx.source(val.span)
            if any(c in raw for c in " \t\"'\\$"):
                return []
            out.append(f"{key.value}={raw}")
    return out


def _fix(ctx: RuleContext, ins: Instruction):
    if "\n" in ctx.source(ins.span):
        return None  # continued over several lines: leave the rewrite to the author
    pairs = _pairs(ctx, ins)
    if not pairs:
        return None
    keys = [k.value for k in ins.args[0::2]]
    build = [p for p, k in zip(pairs, keys) if k in BUILD_ONLY]
    other = [p for p, k in zip(pairs, keys) if k not in BUILD_ONLY]
    body = Span(ins.keyword_span.start, ins.span.end)
    if not other:
        return Fix.unsafe("Turn ENV into ARG", [Edit(body, "ARG " + " ".join(build))])
    nl = newline_of(ctx.text)
    line_start = ctx.dockerfile.lines.line_starts[ins.start_line]
    indent = ctx.text[line_start : ins.keyword_span.start]
    text = f"ARG {' '.join(build)}{nl}{indent}{ins.keyword_text} {' '.join(other)}"
    return Fix.unsafe("Move build-time settings from ENV to ARG", [Edit(body, text)])
