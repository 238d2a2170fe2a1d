"""BuildKit progress logs matched to instructions: measured seconds instead of a guess."""

import json
import os

from contexts import make_tree
from stanzalint.context.layers import build_report
from stanzalint.context.timings import read_timings

DOCKERFILE = """\
FROM python:3.12-slim AS builder
WORKDIR /src
COPY requirements.txt .
RUN pip wheel -r requirements.txt -w /wheels
FROM python:3.12-slim
ENV A=1
COPY --from=builder /wheels /wheels
RUN pip install /wheels/*.whl
"""

PLAIN = """\
#1 [internal] load build definition from Dockerfile
#1 DONE 0.0s
#5 [builder 1/4] FROM docker.io/library/python:3.12-slim@sha256:abc
#5 DONE 2.1s
#6 [builder 2/4] WORKDIR /src
#6 CACHED
#7 [builder 3/4] COPY requirements.txt .
#7 DONE 0.1s
#8 [builder 4/4] RUN pip wheel -r requirements.txt -w /wheels
#8 1.204 Collecting flask
#8 DONE 12.4s
#9 [stage-1 2/3] COPY --from=builder /wheels /wheels
#9 DONE 0.3s
#10 [stage-1 3/3] RUN pip install /wheels/*.whl
#10 DONE 4.6s
"""


def test_plain_log_steps():
    assert read_timings(PLAIN) == {
        ("builder", 1): 2.1,
        ("builder", 2): 0.0,
        ("builder", 3): 0.1,
        ("builder", 4): 12.4,
        ("stage-1", 2): 0.3,
        ("stage-1", 3): 4.6,
    }


def test_rawjson_log_steps():
    lines = [
        {
            "vertexes": [
                {
                    "digest": "a",
                    "name": "[linux/arm64 builder 4/4] RUN pip wheel -r requirements.txt -w /wheels",
                    "started": "2026-01-02T10:00:00.250000000Z",
                    "completed": "2026-01-02T10:00:12.750000000Z",
                }
            ]
        },
        {"vertexes": [{"digest": "b", "name": "[stage-1 3/3] RUN pip install /wheels/*.whl", "cached": True}]},
        {"vertexes": [{"digest": "c", "name": "[internal] load metadata"}]},
    ]
    assert read_timings("\n".join(json.dumps(x) for x in lines)) == {("builder", 4): 12.5, ("stage-1", 3): 0.0}


def test_layers_report_measured_reruns(tmp_path):
    root = make_tree(tmp_path, {"Dockerfile": DOCKERFILE, "requirements.txt": "flask\n"})
    report = build_report(os.path.join(root, "Dockerfile"), timings=PLAIN)
    rows = {
        (layer.line, layer.instruction): (layer.seconds, layer.rerun_seconds, layer.reruns) for layer in report.layers
    }
    assert rows[(3, "COPY")] == (0.1, 17.4, ["line 4 RUN 12.4 s", "line 8 RUN 4.6 s"])
    assert rows[(6, "ENV")] == (None, 4.9, ["line 8 RUN 4.6 s"])
    assert rows[(1, "FROM")] == (2.1, 19.5, ["line 1 FROM 2.1 s", "line 4 RUN 12.4 s", "line 8 RUN 4.6 s"])
