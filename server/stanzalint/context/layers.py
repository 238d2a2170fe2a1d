"""The per-instruction report of ``stanzalint layers`` and the editor's code lenses: what each
instruction reads from the build context, how many recent commits rebuilt it, and which heavy
steps rerun with it."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field

from stanzalint.analysis.model import Analysis
from stanzalint.context.heavy import heavy_steps
from stanzalint.context.history import DEFAULT_COMMITS, History, read_history
from stanzalint.context.rebuilds import rebuild_counts, rerun_with
from stanzalint.context.sources import Inputs, inputs_of
from stanzalint.context.timings import instruction_seconds, read_timings
from stanzalint.context.tree import ContextTree, human_size, walk
from stanzalint.engine import prepare

#: How many input paths a text row or a lens names before "…".
SHOWN_PATHS = 3
#: With a build log, a step this long or longer is heavy.
HEAVY_SECONDS = 1.0


@dataclass
class Layer:
    """One instruction's row."""

    file: str
    line: int  # 1-based
    instruction: str  # the keyword
    inputs: list[str]  # context paths it reads, relative to the context
    rebuilt: int | None  # commits that would have rebuilt it (None: no history)
    commits: int | None  # commits read (None: no history)
    reruns: list[str] = field(default_factory=list)  # heavy steps that rerun when it rebuilds
    heavy_runs: int = 0  # RUN instructions with heavy steps among those
    reads_context: bool = False
    ignored: list[str] = field(default_factory=list)  # what its sources name that .dockerignore keeps out
    seconds: float | None = None  # measured by the build log given with --timings
    rerun_seconds: float | None = None  # measured seconds of everything that reruns with it


@dataclass
class Report:
    file: str
    context: str
    tree: ContextTree
    history: History | None
    layers: list[Layer]


def analyse_layers(
    file: str,
    text: str,
    analysis: Analysis,
    tree: ContextTree,
    history: History | None,
    seconds: dict[int, float] | None = None,
) -> list[Layer]:
    """One Layer per instruction of every stage, in document order. ``seconds`` (measured, by
    instruction id) replaces the guess at what is heavy: a step of a second or more."""
    instructions = [ins for stage in analysis.stages for ins in stage.instructions]
    inputs: dict[int, Inputs] = {}
    for ins in instructions:
        found = inputs_of(analysis, ins, tree)
        if found is not None:
            inputs[id(ins)] = found
    counts = rebuild_counts(analysis, inputs, tree, history) if history is not None else {}
    if seconds is None:
        heavy = {id(ins): heavy_steps(analysis, ins) for ins in instructions}
    else:
        heavy = {
            id(ins): [_timed(ins, seconds[id(ins)])] if seconds.get(id(ins), 0) >= HEAVY_SECONDS else []
            for ins in instructions
        }
    by_id = {id(ins): ins for ins in instructions}
    layers = []
    for ins in instructions:
        again = sorted(rerun_with(analysis, ins), key=lambda i: by_id[i].span.start)
        labels: list[str] = []
        for other in again:
            labels.extend(label for label in heavy[other] if label not in labels)
        found = inputs.get(id(ins))
        layers.append(
            Layer(
                file=file,
                line=ins.start_line + 1,
                instruction=ins.keyword,
                inputs=found.files if found else [],
                rebuilt=counts.get(id(ins)) if history is not None else None,
                commits=len(history.commits) if history is not None else None,
                reruns=labels,
                heavy_runs=sum(1 for other in again if heavy[other]),
                reads_context=bool(found and found.reads_context),
                ignored=[p for s in found.sources for p in s.ignored] if found else [],
                seconds=seconds.get(id(ins)) if seconds is not None else None,
                rerun_seconds=round(sum(seconds.get(i, 0.0) for i in again), 1) if seconds is not None else None,
            )
        )
    return layers


def build_report(
    dockerfile: str, context: str | None = None, commits: int = DEFAULT_COMMITS, timings: str | None = None
) -> Report:
    """Read the Dockerfile, walk its context and read the history: the whole ``layers`` report.
    ``timings``: the text of a BuildKit progress log."""
    context = context or os.path.dirname(os.path.abspath(dockerfile))
    with open(dockerfile, encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    _, analysis = prepare(text)
    tree = walk(context, dockerfile)
    history = read_history(context, dockerfile, commits)
    seconds = instruction_seconds(analysis, read_timings(timings)) if timings is not None else None
    return Report(
        dockerfile, context, tree, history, analyse_layers(dockerfile, text, analysis, tree, history, seconds)
    )


def _timed(ins, seconds: float) -> str:
    return f"line {ins.start_line + 1} {ins.keyword} {seconds:.1f} s"


def summary(layer: Layer) -> str:
    """One line about a layer: what it reads, how often it rebuilt, what reruns with it."""
    parts = []
    if layer.reads_context:
        parts.append(f"reads {_count(len(layer.inputs), 'file')}")
    if layer.rebuilt is not None and layer.commits:
        parts.append(f"rebuilt by {layer.rebuilt} of the last {_count(layer.commits, 'commit')}")
    if layer.reruns:
        runs = f" ({_count(layer.heavy_runs, 'heavy RUN')})" if layer.heavy_runs > 1 else ""
        parts.append(
            "reruns "
            + ", ".join(f"`{r}`" for r in layer.reruns[:SHOWN_PATHS])
            + ("…" if len(layer.reruns) > SHOWN_PATHS else "")
            + runs
        )
    return " · ".join(parts)


def render_json(report: Report) -> str:
    rows = []
    for layer in report.layers:
        row = asdict(layer)
        del row["reads_context"]
        rows.append(row)
    return json.dumps(rows, indent=2)


def render_text(report: Report) -> str:
    tree = report.tree
    head = f"{report.file}: context {_shown(report.context)} ({_count(len(tree.files), 'file')}, {human_size(tree.total_size)})"
    if report.history is None:
        head += "; not a git repository, no history"
    else:
        head += f"; {_count(len(report.history.commits), 'commit')} read"
    lines = [head]
    width = max((len(str(layer.line)) for layer in report.layers), default=1)
    for layer in report.layers:
        reads = ""
        if layer.reads_context:
            shown = ", ".join(layer.inputs[:SHOWN_PATHS]) + (", …" if len(layer.inputs) > SHOWN_PATHS else "")
            reads = f"  reads {_count(len(layer.inputs), 'file')}" + (f" ({shown})" if shown else "")
        rebuilt = f"  rebuilt {layer.rebuilt}/{layer.commits}" if layer.commits else ""
        reruns = f"  reruns {', '.join(layer.reruns)}" if layer.reruns else ""
        if layer.rerun_seconds:
            reruns = f"  reruns {layer.rerun_seconds:.1f} s" + (f" ({', '.join(layer.reruns)})" if layer.reruns else "")
        lines.append(f"  {layer.line:>{width}}  {layer.instruction:<11}{rebuilt}{reads}{reruns}".rstrip())
    lines.append("rebuilt: commits whose changes to the inputs, the Dockerfile or an earlier step would")
    lines.append("invalidate the step's cache; build arguments and remote sources are outside it.")
    return "\n".join(lines)


def _shown(directory: str) -> str:
    """A directory as the user would type it: relative to the working directory when inside it."""
    rel = os.path.relpath(directory)
    return directory if rel.startswith("..") else rel


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
