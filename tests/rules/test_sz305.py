"""SZ305: a COPY/ADD source that reads nothing from the build context."""

from contexts import make_tree
from ruletest import found

TEXT = "FROM python:3.12-slim\nCOPY requirements.txt ./\nCOPY src/ /app/\nCOPY *.cfg /etc/\nCOPY docs /docs\n"


def dockerfile(tmp_path, files):
    make_tree(tmp_path, files)
    return str(tmp_path / "Dockerfile")


def test_missing_path_fails_the_build(tmp_path):
    path = dockerfile(tmp_path, {"requirements.txt": "", "docs/.keep": ""})
    assert found("SZ305", TEXT, path) == [
        ("3:6-3:10", "`src` is not in the build context (the Dockerfile's directory); the build fails here"),
    ]


def test_present_paths_wildcards_and_empty_directories_pass(tmp_path):
    path = dockerfile(
        tmp_path, {"requirements.txt": "", "src/app.py": "", "docs/a.md": "", ".dockerignore": "docs/*\n"}
    )
    assert found("SZ305", TEXT, path) == []  # *.cfg matches nothing: BuildKit copies nothing


def test_only_ignored_with_exceptions(tmp_path):
    files = {"requirements.txt": "", "src/app.py": "", "docs/a.md": "", ".dockerignore": "src\n!src/keep.py\n"}
    path = dockerfile(tmp_path, files)
    assert found("SZ305", TEXT, path) == [
        ("3:6-3:10", "`src` is in the context, but .dockerignore keeps it out; the build fails here"),
    ]


def test_only_ignored_without_exceptions_is_left_to_sz815(tmp_path):
    path = dockerfile(tmp_path, {"requirements.txt": "", "src/app.py": "", "docs/a.md": "", ".dockerignore": "src\n"})
    assert found("SZ305", TEXT, path) == []


def test_a_file_whose_sources_all_miss_uses_another_context(tmp_path):
    path = dockerfile(tmp_path, {"other.txt": ""})
    assert found("SZ305", TEXT, path) == []


def test_no_path_stage_remote_and_heredoc_sources(tmp_path):
    assert found("SZ305", TEXT) == []
    text = (
        "FROM alpine AS a\nCOPY present /p\nFROM alpine\nCOPY --from=a /missing /x\n"
        "ADD https://example.com/x.tgz /x\nCOPY <<EOF /x\nhi\nEOF\nARG V\nCOPY $V/x /x\n"
    )
    assert found("SZ305", text, dockerfile(tmp_path, {"present": ""})) == []


def test_check_context_option_names_the_context(tmp_path, capsys):
    from stanzalint.cli import main
    from stanzalint.context.known import KNOWN

    make_tree(tmp_path, {"docker/Dockerfile": "FROM alpine\nCOPY app.py /app/\nCOPY lib /lib\n", "app.py": ""})
    dockerfile = str(tmp_path / "docker" / "Dockerfile")
    try:
        code = main(["check", dockerfile, "--select", "SZ305", "--context", str(tmp_path), "--no-cache"])
    finally:
        KNOWN.fixed_root = None
    out = capsys.readouterr().out
    assert code == 1
    assert "3:6" in out and "`lib` is not in the build context (..); the build fails here" in out
