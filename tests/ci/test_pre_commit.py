"""The pre-commit hooks, installed by pre-commit itself from this checkout (``pre-commit try-repo``)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml
from repo_paths import REPO_ROOT

HOOKS = os.path.join(REPO_ROOT, ".pre-commit-hooks.yaml")
BEFORE = "FROM python:3.12-slim\nRUN echo a\nRUN echo b\nUSER 10001\n"
NAMES = [
    "Dockerfile",
    "Dockerfile.dev",
    "api.Dockerfile",
    "web.dockerfile",
    "Containerfile",
    "Containerfile.ci",
    "docker/Dockerfile",
]
NOT_NAMES = [
    "README.md",
    "Dockerfile.dockerignore",
    "docs/Dockerfile.md/notes.txt",
    "mydockerfile",
    "Dockerfiles/x.txt",
]


def hooks():
    with open(HOOKS, encoding="utf-8") as fh:
        return {hook["id"]: hook for hook in yaml.safe_load(fh)}


def selected(hook, path):
    return bool(re.search(hook["files"], path)) and not re.search(hook["exclude"], path)


def test_hooks_run_stanzalint_on_dockerfile_names():
    found = hooks()
    assert [(h["entry"], h["language"]) for h in found.values()] == [
        ("stanzalint check", "python"),
        ("stanzalint check --fix", "python"),
    ]
    for hook in found.values():
        assert [n for n in NAMES if selected(hook, n)] == NAMES
        assert [n for n in NOT_NAMES if selected(hook, n)] == []


def _pre_commit():
    beside = os.path.join(os.path.dirname(sys.executable), "pre-commit")
    found = beside if os.access(beside, os.X_OK) else shutil.which("pre-commit")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("pre-commit is missing: install the [test] extra")
        pytest.skip("pre-commit is not installed")
    return found


@pytest.mark.slow
def test_try_repo_installs_the_checkout_and_runs_both_hooks(tmp_path):
    pre_commit = _pre_commit()
    repo = tmp_path / "project"
    repo.mkdir()
    env = dict(
        os.environ,
        PRE_COMMIT_HOME=str(tmp_path / "cache"),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
        NO_COLOR="1",
    )
    env.pop("PRE_COMMIT", None)

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)

    git("init", "-q")
    (repo / "Dockerfile").write_text(BEFORE)
    (repo / "notes.txt").write_text("FROM ubuntu\n")
    git("add", ".")
    git("commit", "-q", "-m", "init")

    check = subprocess.run(
        [pre_commit, "try-repo", REPO_ROOT, "stanzalint-check", "--all-files"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert check.returncode == 1, check.stdout + check.stderr
    assert (
        "Dockerfile:3:1: DL3059 [*] This RUN follows another RUN; join them with && to make one layer (info, consecutive-run)"
        in check.stdout
    )
    assert "notes.txt" not in check.stdout

    fix = subprocess.run(
        [pre_commit, "try-repo", REPO_ROOT, "stanzalint-fix", "--all-files"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert fix.returncode == 1, fix.stdout + fix.stderr
    assert "files were modified by this hook" in fix.stdout
    assert (repo / "Dockerfile").read_text() == "FROM python:3.12-slim\nRUN echo a && \\\n    echo b\nUSER 10001\n"
