"""Splitting a stage into a builder and a new final stage: the plan (the directories the
final stage copies, the OS packages it installs again) and its edits, or why it is refused.
Used by SZ601's message and the editor's "split into builder and final stages" refactoring."""

from __future__ import annotations

from dataclasses import dataclass, field

from stanzalint.analysis.model import Analysis, Stage
from stanzalint.findings import Edit
from stanzalint.rules.toolkit.build_outputs import build_outputs, mkdir_targets, setup_only_runs
from stanzalint.rules.toolkit.edits import newline_of
from stanzalint.rules.toolkit.installed_packages import split_carry
from stanzalint.rules.toolkit.paths import is_under
from stanzalint.rules.toolkit.stages import from_values, workdirs
from stanzalint.syntax.model import Dockerfile, Instruction, Span

#: keywords that describe how the final image runs (moved to the final stage by a split)
RUNTIME_KEYWORDS = ("CMD", "ENTRYPOINT", "EXPOSE", "USER", "HEALTHCHECK", "STOPSIGNAL", "VOLUME", "LABEL")


@dataclass
class StageSplit:
    """A stage split into a builder and a new final stage: the builder's name, the directories
    the final stage copies from it, and the edits."""

    builder: str
    copied: list[str]
    edits: list[Edit]
    final_stage: Edit | None = None  # the edit that inserts the new final stage
    reinstalled: list[str] = field(default_factory=list)  # OS packages the final stage installs again
    refused: str | None = None  # why the split is not safe to offer (then ``edits`` is empty)


def _builder_name(analysis: Analysis, stage: Stage) -> str:
    if stage.name:
        return stage.name
    used = {s.name.lower() for s in analysis.stages if s.name}
    name, n = "builder", 1
    while name in used:
        n += 1
        name = f"builder-{n}"
    return name


def _whole_lines(dockerfile: Dockerfile, ins: Instruction, nl: str) -> Span:
    """The instruction's lines, line break included (for removing it)."""
    end = ins.span.end
    if dockerfile.text.startswith(nl, end):
        end += len(nl)
    return Span(dockerfile.lines.line_starts[ins.start_line], end)


def _later_index_reference(dockerfile: Dockerfile, stage: Stage) -> bool:
    """Some ``--from=<n>`` (COPY, RUN --mount) names a stage after ``stage`` by its index."""
    return any(v.isdigit() and int(v) > stage.index for ins in dockerfile.walk() for v in from_values(ins))


def plan_split(dockerfile: Dockerfile, analysis: Analysis, stage: Stage) -> StageSplit | None:
    """Turn ``stage`` into the builder and append a final stage on the same base image:

    ``FROM [--platform] <base>``, the stage's ARG/ENV/SHELL lines, its RUNs that only create
    users or directories, ``COPY --from=<builder> <dir> <dir>`` for each place the build's
    results live (``build_outputs``), its last WORKDIR, then the runtime instructions (CMD,
    ENTRYPOINT, EXPOSE, USER, HEALTHCHECK, STOPSIGNAL, VOLUME, LABEL) moved out of the stage.
    A USER that later RUNs of the stage still run as stays in the builder too.

    The new final stage installs the stage's OS packages again, but its compilers and build
    tools (``split_carry``); when the file cannot tell what the final stage needs, the plan is
    refused with the reason and no edits.

    None when the stage has no external base image or nothing to copy."""
    if stage.image is None or stage.image.is_scratch or stage.base_candidates:
        return None
    if _later_index_reference(dockerfile, stage):
        return None  # a new stage in between would shift what ``--from=<index>`` names
    copied = build_outputs(analysis, stage)
    if not copied:
        return None
    builder = _builder_name(analysis, stage)
    carried, refused = split_carry(analysis, stage, copied)
    if carried is None:
        return StageSplit(builder, copied, [], refused=refused)
    text = dockerfile.text
    nl = newline_of(text)
    frm = stage.from_instruction
    lowercase = frm.keyword_text.islower()

    def kw(keyword: str) -> str:
        """A keyword written in the case of the stage's FROM."""
        return keyword.lower() if lowercase else keyword

    edits: list[Edit] = []
    if stage.name_span is None:
        at = frm.span.end
        while at > frm.keyword_span.end and text[at - 1] in " \t":
            at -= 1
        edits.append(Edit(Span(at, at), f" {kw('AS')} {builder}"))
    body = stage.body
    last_build_step = max((i for i, ins in enumerate(body) if ins.keyword in ("RUN", "COPY", "ADD")), default=-1)
    declarations: list[str] = []
    moved: list[tuple[str, str]] = []  # (keyword, text) of the runtime instructions
    workdir: str | None = None
    for i, ins in enumerate(body):
        chunk = text[ins.span.start : ins.span.end]
        if ins.keyword in RUNTIME_KEYWORDS:
            moved.append((ins.keyword, chunk))
            if not (ins.keyword == "USER" and i < last_build_step):
                edits.append(Edit(_whole_lines(dockerfile, ins, nl), ""))
        elif ins.keyword in ("ARG", "ENV", "SHELL"):
            declarations.append(chunk)
        elif ins.keyword == "WORKDIR" and ins.args:
            workdir = chunk
    setup = setup_only_runs(analysis, stage)
    stage_workdirs = workdirs(analysis, stage)
    # ``mkdir /app`` fails once /app is copied: such setup goes before the copies
    setup_first = any(
        any(is_under(path, d) or is_under(d, path) for d in copied)
        for ins in setup
        for path in mkdir_targets(analysis, stage, ins, stage_workdirs)
    )
    setup_lines = [text[ins.span.start : ins.span.end] for ins in setup]
    platform = f"--platform={stage.platform} " if stage.platform else ""
    copies = [f"{kw('COPY')} --from={builder} {d} {d}" for d in copied]
    reinstall = [kw("RUN") + line[len("RUN") :] for line in carried.lines]
    final = [f"{kw('FROM')} {platform}{stage.image.raw}", *declarations, *reinstall]
    final += setup_lines + copies if setup_first else copies + setup_lines
    if workdir is not None:
        final.append(workdir)
    last_user = max((i for i, (keyword, _) in enumerate(moved) if keyword == "USER"), default=-1)
    final += [chunk for i, (keyword, chunk) in enumerate(moved) if keyword != "USER" or i == last_user]
    last = stage.instructions[-1]
    insert_at = last.span.end
    lead = nl
    if text.startswith(nl, insert_at):
        insert_at += len(nl)
    elif any(e.span.end == insert_at and not e.text for e in edits) and insert_at > 0:
        pass  # the last line is moved out: the line before it already ends the text
    else:
        lead = nl + nl
    final_stage = Edit(Span(insert_at, insert_at), lead + nl.join(final) + nl)
    edits.append(final_stage)
    return StageSplit(builder, copied, edits, final_stage, carried.names)
