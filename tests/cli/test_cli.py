"""The command line as a user runs it: exit codes, formats, fixes, errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

BAD = "FROM ubuntu\nMAINTAINER Jane <jane@example.com>\n"


def run(*args, cwd=None, stdin=None):
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "stanzalint", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def project(tmp_path):
    (tmp_path / "Dockerfile").write_text(BAD)
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "api.Dockerfile").write_text("FROM python:3.12-slim\n")
    (tmp_path / "README.md").write_text("not a Dockerfile\n")
    return tmp_path


def test_text_output_and_exit_1(project):
    result = run("check", "--select", "DL3006,DL4000", "Dockerfile", cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "Dockerfile:1:6: DL3006 Tag the image `ubuntu` with the version you build against (warning, untagged-base-image)",
        "Dockerfile:2:1: DL4000 [unsafe fix] MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors (error, maintainer-deprecated)",
        "Found 2 problems (1 more with --fix --unsafe-fixes).",
    ]
    assert result.stderr == ""


def test_clean_file_exits_0(project):
    result = run("check", "--select", "DL3006", "svc/api.Dockerfile", cwd=project)
    assert (result.returncode, result.stdout) == (0, "All checks passed.\n")


def test_json_contract(project):
    result = run("check", "--select", "DL4000", "--format", "json", "Dockerfile", cwd=project)
    assert result.returncode == 1
    assert json.loads(result.stdout) == [
        {
            "file": "Dockerfile",
            "code": "DL4000",
            "name": "maintainer-deprecated",
            "severity": "error",
            "message": "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors",
            "url": "https://github.com/stanzalint/stanzalint/blob/main/docs/rules/DL4000.md",
            "line": 2,
            "column": 1,
            "end_line": 2,
            "end_column": 11,
            "fix": {
                "title": "Replace MAINTAINER with the OCI authors label",
                "applicability": "unsafe",
                "edits": [
                    {
                        "line": 2,
                        "column": 1,
                        "end_line": 2,
                        "end_column": 35,
                        "text": 'LABEL org.opencontainers.image.authors="Jane <jane@example.com>"',
                    }
                ],
            },
        }
    ]


def test_directory_walk_uses_name_patterns(project):
    result = run("check", "--select", "DL3006", "--format", "json", ".", cwd=project)
    assert sorted({f["file"] for f in json.loads(result.stdout)}) == ["./Dockerfile"]
    result = run("check", "--select", "DL3006", ".", "--exit-zero", cwd=project)
    assert result.returncode == 0


def test_stdin_with_filename(project):
    result = run(
        "check", "--select", "DL3006", "--stdin-filename", "svc/Dockerfile", "-", cwd=project, stdin="FROM debian\n"
    )
    assert result.returncode == 1
    assert result.stdout.startswith("svc/Dockerfile:1:6: DL3006 ")


def test_github_format(project):
    result = run("check", "--select", "DL3006", "--format", "github", "Dockerfile", cwd=project)
    assert result.stdout == (
        "::warning file=Dockerfile,line=1,col=6,endLine=1,endColumn=12,title=DL3006 untagged-base-image"
        "::DL3006 Tag the image `ubuntu` with the version you build against\n"
    )


def test_fix_applies_only_safe_unless_asked(project):
    result = run("check", "--select", "DL4000", "--fix", "Dockerfile", cwd=project)
    assert result.returncode == 1
    assert (project / "Dockerfile").read_text() == BAD
    result = run("check", "--select", "DL4000", "--fix", "--unsafe-fixes", "Dockerfile", cwd=project)
    assert result.returncode == 0
    assert (
        project / "Dockerfile"
    ).read_text() == 'FROM ubuntu\nLABEL org.opencontainers.image.authors="Jane <jane@example.com>"\n'
    assert "Fixed 1 problem in Dockerfile." in result.stderr


def test_diff_changes_nothing(project):
    result = run("check", "--select", "DL4000", "--diff", "--unsafe-fixes", "Dockerfile", cwd=project)
    assert result.returncode == 1
    assert "-MAINTAINER Jane <jane@example.com>\n+LABEL org.opencontainers.image.authors=" in result.stdout
    assert (project / "Dockerfile").read_text() == BAD


def test_fix_from_stdin_prints_fixed_text(project):
    result = run(
        "check", "--select", "DL4000", "--fix", "--unsafe-fixes", "-", cwd=project, stdin="FROM a:1\nMAINTAINER x\n"
    )
    assert result.stdout == 'FROM a:1\nLABEL org.opencontainers.image.authors="x"\n'


def test_not_utf8_is_linted_but_never_rewritten(project):
    (project / "Dockerfile").write_bytes(b"FROM ubuntu\nMAINTAINER J\xe9r\xf4me\n")
    result = run("check", "--select", "DL3006,DL4000", "--fix", "--unsafe-fixes", "Dockerfile", cwd=project)
    assert "not fixed: the file is not valid UTF-8" in result.stderr
    assert (project / "Dockerfile").read_bytes() == b"FROM ubuntu\nMAINTAINER J\xe9r\xf4me\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "missing.Dockerfile"], "stanzalint: error: missing.Dockerfile: no such file or directory"),
        (["check", "empty"], "stanzalint: error: empty: no Dockerfiles found"),
        (
            ["check", "--select", "XX99", "Dockerfile"],
            "stanzalint: error: --select: unknown rule code, name or prefix 'XX99'",
        ),
        (["rule", "DL0000"], "stanzalint: error: unknown rule 'DL0000'"),
    ],
)
def test_errors_are_one_line_exit_2(project, args, message):
    (project / "empty").mkdir()
    result = run(*args, cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_config_is_exit_2_naming_file_key_reason(project):
    (project / ".stanzalint.toml").write_text('failure-threshold = "loud"\n')
    result = run("check", "Dockerfile", cwd=project)
    assert result.returncode == 2
    assert ".stanzalint.toml: failure-threshold: unknown severity 'loud'" in result.stderr
    assert "Traceback" not in result.stderr


def test_failure_threshold_from_config(project):
    (project / ".stanzalint.toml").write_text('failure-threshold = "error"\n')
    result = run("check", "--select", "DL3006", "Dockerfile", cwd=project)
    assert result.returncode == 0  # a warning is below the threshold, still printed
    assert "DL3006" in result.stdout


def test_rule_docs_and_list():
    result = run("rule", "DL3006")
    assert result.returncode == 0
    assert result.stdout.startswith("# DL3006 untagged-base-image\n")
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix safety"):
        assert section in result.stdout
    listing = run("rule").stdout
    assert any(
        line.startswith("DL4000  * maintainer-deprecated") or line.startswith("DL4000  ~ maintainer-deprecated")
        for line in listing.splitlines()
    )


def test_rule_list_says_how_each_off_rule_turns_on_and_what_the_marks_mean():
    lines = run("rule").stdout.splitlines()
    assert "DL3057    healthcheck-missing                      info     (off by default, on with strict)" in lines
    assert "DL1001    inline-ignore-pragma                     info     (off by default)" in lines
    assert (
        lines[-1]
        == "* fix available, ~ fix available in some cases (stanzalint check --fix; unsafe ones with --unsafe-fixes)"
    )


def test_rule_docs_say_strict_turns_the_rule_on():
    assert run("rule", "SZ104").stdout.splitlines()[2] == (
        "_severity: info · no automatic fix · off by default, on with strict · "
        "practice a: start from a small, official, pinned base image_"
    )


def test_rule_by_name():
    assert run("rule", "maintainer-deprecated").stdout.startswith("# DL4000 ")


def test_version():
    from stanzalint import __version__

    result = run("--version")
    assert result.stdout.strip() == f"stanzalint {__version__}"


def test_check_does_not_import_pygls(project):
    code = (
        "import sys, runpy\n"
        "sys.argv = ['stanzalint', 'check', '--exit-zero', 'Dockerfile']\n"
        "from stanzalint.cli import main\n"
        "main()\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol'))\n"
        "print('IMPORTED', bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip().splitlines()[-1] == "IMPORTED []"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Dockerfile", True),
        ("Dockerfile.dev", True),
        ("api.Dockerfile", True),
        ("api.dockerfile", True),
        ("Containerfile", True),
        ("Containerfile.gpu", True),
        ("Dockerfile-dev", True),
        ("svc__Dockerfile", True),
        ("Dockerfile.dockerignore", False),
        ("README.md", False),
        ("dockerfile.txt", False),
    ],
)
def test_dockerfile_names(name, expected):
    from stanzalint.files import is_dockerfile_name

    assert is_dockerfile_name(name) is expected


@pytest.mark.slow
def test_parallel_run_equals_sequential(corpus_files):
    corpus = os.path.dirname(corpus_files[0])
    outputs = []
    for jobs in ("1", "2"):
        env = dict(os.environ, NO_COLOR="1", STANZALINT_JOBS=jobs)
        result = subprocess.run(
            [sys.executable, "-m", "stanzalint", "check", "--ignore", "SC", "--format", "json", corpus],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
        assert result.returncode == 1, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert len(json.loads(outputs[0])) > 1000
