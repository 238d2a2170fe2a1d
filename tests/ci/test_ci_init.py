"""``stanzalint ci init``: the pipelines it writes pass actionlint and GitLab's schema, pin versions,
and an existing file is never overwritten without --force."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from xml.etree import ElementTree

import pytest
import yaml
from stanzalint import __version__
from stanzalint.ci_templates import TRIVY_VERSION, default_image_name, render


def tool(name):
    """A tool from the test extra: found beside the interpreter or on PATH."""
    beside = os.path.join(os.path.dirname(sys.executable), name)
    found = beside if os.access(beside, os.X_OK) else shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: install the [test] extra")
        pytest.skip(f"{name} is not installed")
    return found


def run(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "stanzalint", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_github_workflow_passes_actionlint(tmp_path):
    result = run("ci", "init", "github", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "Wrote .github/workflows/stanzalint.yml.\n")
    path = tmp_path / ".github" / "workflows" / "stanzalint.yml"
    lint = subprocess.run([tool("actionlint"), "-no-color", str(path)], capture_output=True, text=True, cwd=tmp_path)
    assert (lint.returncode, lint.stdout) == (0, "")
    schema = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
    )
    assert schema.returncode == 0, schema.stdout + schema.stderr


def test_actionlint_is_not_a_rubber_stamp(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_text(
        render("github").replace("runs-on: ubuntu-24.04", "runs-on: ubuntu-24.04\n    timeout-minutes: soon")
    )
    lint = subprocess.run([tool("actionlint"), "-no-color", str(path)], capture_output=True, text=True)
    assert lint.returncode == 1 and "timeout-minutes" in lint.stdout


def test_gitlab_pipeline_passes_the_gitlab_ci_schema(tmp_path):
    result = run(
        "ci",
        "init",
        "gitlab",
        "--dockerfile",
        "docker/api.Dockerfile",
        "--image",
        "registry.example.com/team/api",
        cwd=tmp_path,
    )
    assert (result.returncode, result.stderr) == (0, "Wrote .gitlab-ci.yml.\n")
    path = tmp_path / ".gitlab-ci.yml"
    schema = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", str(path)], capture_output=True, text=True
    )
    assert schema.returncode == 0, schema.stdout + schema.stderr
    pipeline = yaml.safe_load(path.read_text())
    assert pipeline["variables"] == {
        "DOCKERFILE": "docker/api.Dockerfile",
        "CONTEXT": "docker",
        "IMAGE": "registry.example.com/team/api:ci",
        "SEVERITY": "HIGH,CRITICAL",
    }
    assert pipeline["stanzalint"]["script"] == [
        f'python -m pip install --no-cache-dir "stanzalint=={__version__}"',
        'stanzalint check --format gitlab --exit-zero "$DOCKERFILE" > gl-code-quality-report.json',
        'stanzalint check --format junit --exit-zero "$DOCKERFILE" > stanzalint-junit.xml',
        'stanzalint check "$DOCKERFILE"',
    ]
    assert pipeline["stanzalint"]["artifacts"] == {
        "when": "always",
        "reports": {"codequality": "gl-code-quality-report.json", "junit": "stanzalint-junit.xml"},
        "expire_in": "30 days",
    }
    assert pipeline["scan-image"]["image"]["name"] == f"aquasec/trivy:{TRIVY_VERSION}"
    assert pipeline["scan-image"]["script"] == [
        'trivy image --exit-code 1 --ignore-unfixed --severity "$SEVERITY" --input image.tar'
    ]


def test_gitlab_lint_job_writes_the_reports_it_declares(tmp_path):
    """The lint job's commands, run here with this stanzalint, leave a Code Quality report and a
    JUnit report with the findings, then fail the job."""
    pipeline = yaml.safe_load(render("gitlab"))
    (tmp_path / "Dockerfile").write_text("FROM ubuntu\n")
    env = {
        **os.environ,
        "DOCKERFILE": "Dockerfile",
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"],
    }
    script = [line for line in pipeline["stanzalint"]["script"] if not line.startswith("python -m pip")]
    codes = [
        subprocess.run(["bash", "-c", line], cwd=tmp_path, env=env, capture_output=True, timeout=120).returncode
        for line in script
    ]
    assert codes == [0, 0, 1]
    reports = pipeline["stanzalint"]["artifacts"]["reports"]
    quality = json.loads((tmp_path / reports["codequality"]).read_text())
    assert [(i["check_name"], i["location"]) for i in quality] == [
        ("DL3006", {"path": "Dockerfile", "lines": {"begin": 1, "end": 1}})
    ]
    junit = ElementTree.parse(tmp_path / reports["junit"]).getroot()
    assert [case.get("name") for case in junit.iter("testcase")] == ["DL3006 untagged-base-image"]


def test_gitlab_schema_check_is_not_a_rubber_stamp(tmp_path):
    path = tmp_path / ".gitlab-ci.yml"
    path.write_text(render("gitlab").replace("when: always", "when: sometimes"))
    schema = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", str(path)], capture_output=True, text=True
    )
    assert schema.returncode == 1


def test_github_workflow_content():
    workflow = yaml.safe_load(render("github", image="acme/web:1"))
    assert workflow["env"] == {
        "DOCKERFILE": "Dockerfile",
        "CONTEXT": ".",
        "IMAGE": "acme/web:1",
        "SEVERITY": "HIGH,CRITICAL",
    }
    job = workflow["jobs"]["dockerfile"]
    assert job["permissions"] == {"contents": "read", "security-events": "write"}
    uses = [step["uses"] for step in job["steps"] if "uses" in step]
    assert uses == [
        "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683",
        "actions/setup-python@0b93645e9fea7318ecaed2b359559ac225c90a2b",
        "github/codeql-action/upload-sarif@5d4e8d1aca955e8d8589aabd499c5cae939e33c7",
    ]
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs == [
        f'python -m pip install "stanzalint[trivy]=={__version__}"',
        'stanzalint check --format sarif --exit-zero "$DOCKERFILE" > stanzalint.sarif',
        'stanzalint check --format github "$DOCKERFILE"',
        'docker build --file "$DOCKERFILE" --tag "$IMAGE" "$CONTEXT"',
        'trivy image --exit-code 1 --ignore-unfixed --severity "$SEVERITY" "$IMAGE"',
    ]


def test_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / ".gitlab-ci.yml"
    target.write_text("mine: true\n")
    result = run("ci", "init", "gitlab", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "stanzalint: error: .gitlab-ci.yml already exists; use --force to overwrite it\n"
    assert target.read_text() == "mine: true\n"
    forced = run("ci", "init", "gitlab", "--force", cwd=tmp_path)
    assert forced.returncode == 0
    assert target.read_text() == render("gitlab", root=str(tmp_path))


def test_ci_without_init_is_a_usage_error(tmp_path):
    result = run("ci", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "stanzalint: error: expected `stanzalint ci init github|gitlab`\n")


def test_default_image_name_comes_from_the_folder():
    assert default_image_name("/src/My Project!") == "my-project"
    assert default_image_name("/") == "app"
