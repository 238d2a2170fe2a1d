"""``stanzalint layers``: one row per instruction, as text or JSON."""

import json
import os

from contexts import Repo
from stanzalint.cli import main

DOCKERFILE = """\
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
CMD ["python", "app.py"]
"""


def history(tmp_path):
    repo = Repo(tmp_path)
    repo.commit(
        {
            "Dockerfile": DOCKERFILE,
            "requirements.txt": "flask\n",
            "app.py": "1",
            "notes/a.md": "",
            ".dockerignore": "notes\n.git\n",
        }
    )
    repo.commit({"app.py": "2"})
    repo.commit({"notes/a.md": "ignored"})
    return repo.root


def test_json_rows(tmp_path, capsys):
    root = history(tmp_path)
    assert main(["layers", os.path.join(root, "Dockerfile"), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["line"], r["instruction"], r["rebuilt"], r["commits"]) for r in rows] == [
        (1, "FROM", 1, 3),
        (2, "WORKDIR", 1, 3),
        (3, "COPY", 2, 3),
        (4, "RUN", 2, 3),
        (5, "CMD", 2, 3),
    ]
    assert rows[2]["inputs"] == [".dockerignore", "Dockerfile", "app.py", "requirements.txt"]
    assert rows[2]["reruns"] == ["pip install"]
    assert rows[2]["file"].endswith("Dockerfile")


def test_text_rows_and_the_meaning_of_the_figure(tmp_path, capsys):
    root = history(tmp_path)
    assert main(["layers", os.path.join(root, "Dockerfile"), "--context", root, "--commits", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("(4 files, 123 B); 2 commits read")
    assert (
        lines[3]
        == "  3  COPY         rebuilt 1/2  reads 4 files (.dockerignore, Dockerfile, app.py, …)  reruns pip install"
    )
    assert lines[4] == "  4  RUN          rebuilt 1/2  reruns pip install"
    assert "build arguments and remote sources are outside it" in lines[-1]


def test_missing_dockerfile_is_a_usage_error(tmp_path, capsys):
    assert main(["layers", os.path.join(str(tmp_path), "Dockerfile")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_timings_option_reads_a_build_log(tmp_path, capsys):
    root = history(tmp_path)
    log = tmp_path / "build.log"
    log.write_text("#7 [2/4] WORKDIR /app\n#7 DONE 0.0s\n#9 [4/4] RUN pip install -r requirements.txt\n#9 DONE 31.5s\n")
    assert main(["layers", os.path.join(root, "Dockerfile"), "--timings", str(log), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["line"], r["seconds"], r["rerun_seconds"], r["reruns"]) for r in rows[2:4]] == [
        (3, None, 31.5, ["line 4 RUN 31.5 s"]),
        (4, 31.5, 31.5, ["line 4 RUN 31.5 s"]),
    ]
    assert main(["layers", os.path.join(root, "Dockerfile"), "--timings", str(tmp_path / "nope.log")]) == 2
