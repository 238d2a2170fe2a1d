"""Measured step durations from a BuildKit progress log (``docker build --progress=plain`` or
``--progress=rawjson``), matched to the instructions they ran.

BuildKit names each step ``[<stage> <i>/<n>] <instruction>``: the stage's name (``stage-N`` for
an unnamed stage, nothing when the Dockerfile has one stage) and the step's number among the
stage's numbered steps, which are its ``FROM`` of an image, then every ``ADD``, ``COPY``, ``RUN``
and ``WORKDIR`` in order.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Optional

from stanzalint.analysis.model import Analysis, Stage

_HEADER = re.compile(r"^#(\d+) \[(?:(.+?) )?\s*(\d+)/(\d+)\] ")
_DONE = re.compile(r"^#(\d+) DONE (\d+(?:\.\d+)?)s\b")
_NAME = re.compile(r"^\[(?:(.+?) )?\s*(\d+)/(\d+)\] ")
_NUMBERED = ("ADD", "COPY", "RUN", "WORKDIR")

#: (stage label or None, step number) -> seconds
Timings = dict[tuple[Optional[str], int], float]


def read_timings(text: str) -> Timings:
    """Seconds per numbered step from a plain or rawjson progress log (cached steps: 0)."""
    if text.lstrip().startswith("{"):
        return _rawjson(text)
    return _plain(text)


def _plain(text: str) -> Timings:
    steps: dict[str, tuple[str | None, int]] = {}
    out: Timings = {}
    for line in text.splitlines():
        header = _HEADER.match(line)
        if header:
            steps[header.group(1)] = (_label(header.group(2)), int(header.group(3)))
            continue
        done = _DONE.match(line)
        if done and done.group(1) in steps:
            out[steps[done.group(1)]] = float(done.group(2))
        elif line.endswith(" CACHED") and line.split(" ")[0][1:] in steps:
            out[steps[line.split(" ")[0][1:]]] = 0.0
    return out


def _rawjson(text: str) -> Timings:
    out: Timings = {}
    for line in text.splitlines():
        try:
            status = json.loads(line)
        except ValueError:
            continue
        for vertex in status.get("vertexes") or [] if isinstance(status, dict) else []:
            name = _NAME.match(vertex.get("name") or "")
            if not name:
                continue
            key = (_label(name.group(1)), int(name.group(2)))
            if vertex.get("cached"):
                out[key] = 0.0
            elif vertex.get("started") and vertex.get("completed"):
                out[key] = max(0.0, (_time(vertex["completed"]) - _time(vertex["started"])))
    return out


def _label(text: str | None) -> str | None:
    """The stage part of a step name, without a leading platform (``linux/amd64 builder``)."""
    if not text:
        return None
    return text.split(" ")[-1].lower()


_STAMP = re.compile(r"^(.*?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?$")


def _time(stamp: str) -> float:
    """An RFC 3339 time with up to nanoseconds, as seconds."""
    found = _STAMP.match(stamp)
    main, frac, zone = found.group(1), found.group(2), found.group(3)  # type: ignore[union-attr]
    base = datetime.fromisoformat(main + ("+00:00" if zone in (None, "Z") else zone))
    return base.timestamp() + (float("0." + frac) if frac else 0.0)


def instruction_seconds(analysis: Analysis, timings: Timings) -> dict[int, float]:
    """``id(instruction) -> seconds`` for the instructions the log timed."""
    single = len(analysis.stages) == 1
    out: dict[int, float] = {}
    for stage in analysis.stages:
        label = None if single else (stage.name.lower() if stage.name else f"stage-{stage.index}")
        for number, ins in enumerate(numbered_steps(stage), start=1):
            seconds = timings.get((label, number))
            if seconds is not None:
                out[id(ins)] = seconds
    return out


def numbered_steps(stage: Stage) -> list:
    """The instructions BuildKit numbers in a stage, in order."""
    steps = (
        [stage.from_instruction] if stage.base_stage is None and not (stage.image and stage.image.is_scratch) else []
    )
    return steps + [ins for ins in stage.body if ins.keyword in _NUMBERED]
