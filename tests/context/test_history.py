"""Rebuild counts from real git repositories with scripted histories."""

import os

import pytest
from contexts import Repo, make_tree
from stanzalint.context.history import read_history
from stanzalint.context.layers import build_report

DOCKERFILE_V1 = """\
FROM python:3.12 AS deps
COPY requirements.txt ./
RUN pip install -r requirements.txt
FROM python:3.12 AS app
COPY src/ /app/
COPY --from=deps /usr/local /usr/local
CMD ["python"]
"""

DOCKERFILE_V2 = DOCKERFILE_V1.replace("pip install -r", "pip install --no-cache-dir -r")


def rebuilt(root, dockerfile="Dockerfile", context=None, commits=200):
    """``{line: rebuilt}`` of the report, and the number of commits read."""
    report = build_report(os.path.join(root, dockerfile), context, commits)
    return {layer.line: layer.rebuilt for layer in report.layers}, report.layers[0].commits


def test_inputs_dockerfile_edits_and_copy_from_propagate(tmp_path):
    repo = Repo(tmp_path)
    repo.commit(
        {
            "Dockerfile": DOCKERFILE_V1,
            ".dockerignore": "**/*.pyc\n",
            "requirements.txt": "flask\n",
            "src/a.py": "1",
            "docs/x.md": "",
        }
    )
    repo.commit({"src/a.py": "2"})  # the app's COPY src/ and everything after it
    repo.commit({"requirements.txt": "flask==3\n"})  # deps' COPY and RUN, then the app's COPY --from
    repo.commit({"docs/x.md": "read me"})  # nothing reads docs/
    repo.commit({"Dockerfile": DOCKERFILE_V2})  # the RUN line changed: it and what copies from it
    repo.commit({"src/c.pyc": "x"})  # ignored by .dockerignore: never sent
    repo.commit({"src/a.py": None})  # a deleted input still changes the COPY
    counts, commits = rebuilt(repo.root)
    assert commits == 7
    assert counts == {1: 1, 2: 2, 3: 3, 4: 1, 5: 3, 6: 5, 7: 5}


def test_a_stage_built_from_another_rebuilds_with_it(tmp_path):
    repo = Repo(tmp_path)
    repo.commit({"Dockerfile": "FROM alpine AS base\nCOPY conf /conf\nFROM base AS test\nRUN make test\n", "conf": "a"})
    repo.commit({"conf": "b"})
    repo.commit({"unrelated.txt": ""})
    counts, _ = rebuilt(repo.root)
    assert counts == {1: 1, 2: 2, 3: 2, 4: 2}


@pytest.mark.parametrize("mount", ["from=base", "FROM=base", "from=other,From=base"])
def test_a_run_mounting_a_stage_rebuilds_with_it_as_buildkit_reads_the_mount(tmp_path, mount):
    text = (
        f"FROM alpine AS base\nCOPY conf /conf\nFROM alpine AS other\nFROM alpine\nRUN --mount={mount},target=/m ls\n"
    )
    repo = Repo(tmp_path)
    repo.commit({"Dockerfile": text, "conf": "a"})
    repo.commit({"conf": "b"})
    counts, _ = rebuilt(repo.root)
    assert counts == {1: 1, 2: 2, 3: 1, 4: 1, 5: 2}


def test_a_changed_global_arg_default_rebuilds_the_stages_that_use_it(tmp_path):
    text = "ARG PY=3.11\nFROM python:${PY} AS a\nRUN echo a\nFROM alpine AS b\nARG PY\nRUN echo $PY\nFROM alpine AS c\nRUN echo c\n"
    repo = Repo(tmp_path)
    repo.commit({"Dockerfile": text})
    repo.commit({"Dockerfile": text.replace("3.11", "3.12")})
    counts, _ = rebuilt(repo.root)
    assert counts == {2: 2, 3: 2, 4: 1, 5: 2, 6: 2, 7: 1, 8: 1}


def test_only_the_last_n_commits_are_read(tmp_path):
    repo = Repo(tmp_path)
    repo.commit({"Dockerfile": "FROM alpine\nCOPY a /a\n", "a": "0"})
    for n in range(1, 5):
        repo.commit({"a": str(n)})
    counts, commits = rebuilt(repo.root, commits=3)
    assert (counts, commits) == ({1: 0, 2: 3}, 3)


def test_a_context_below_the_repository_root(tmp_path):
    repo = Repo(tmp_path)
    repo.commit({"svc/Dockerfile": "FROM alpine\nCOPY . /srv\n", "svc/app.py": "1", "other/lib.py": "1"})
    repo.commit({"other/lib.py": "2"})  # outside the context
    repo.commit({"svc/app.py": "2"})
    report = build_report(os.path.join(repo.root, "svc", "Dockerfile"))
    assert [(layer.line, layer.inputs, layer.rebuilt) for layer in report.layers] == [
        (1, [], 1),
        (2, ["Dockerfile", "app.py"], 2),
    ]


def test_a_context_that_is_not_a_repository_still_gets_its_inputs(tmp_path):
    root = make_tree(tmp_path, {"Dockerfile": "FROM alpine\nCOPY a /a\n", "a": ""})
    if read_history(root) is not None:
        pytest.skip("the temporary directory lies inside a git repository")
    report = build_report(os.path.join(root, "Dockerfile"))
    assert report.history is None
    assert [(layer.inputs, layer.rebuilt, layer.commits) for layer in report.layers] == [
        ([], None, None),
        (["a"], None, None),
    ]


def test_reading_history_writes_nothing(tmp_path):
    repo = Repo(tmp_path)
    repo.commit({"Dockerfile": "FROM alpine\n", "a": ""})
    before = sorted(os.walk(os.path.join(repo.root, ".git")))
    build_report(os.path.join(repo.root, "Dockerfile"))
    assert sorted(os.walk(os.path.join(repo.root, ".git"))) == before
