from __future__ import annotations

from ruletest import found

MSG = (
    "The whole build context is copied and there is no `.dockerignore`; `.git`, caches and secrets end up in the image"
)
TEXT = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nCOPY --chown=app . .\nADD . /other\n"


def test_flags_first_context_copy_without_ignore_file(tmp_path):
    path = tmp_path / "Dockerfile"
    path.write_text(TEXT)
    assert found("SZ303", TEXT, path=str(path)) == [("4:18-4:19", MSG)]


def test_dockerignore_or_per_dockerfile_ignore_satisfies(tmp_path):
    path = tmp_path / "Dockerfile"
    (tmp_path / ".dockerignore").write_text(".git\n")
    assert found("SZ303", TEXT, path=str(path)) == []
    other = tmp_path / "sub"
    other.mkdir()
    (other / "app.Dockerfile.dockerignore").write_text(".git\n")
    assert found("SZ303", TEXT, path=str(other / "app.Dockerfile")) == []


def test_no_path_no_finding_and_from_copies_ignored(tmp_path):
    assert found("SZ303", TEXT) == []
    text = "FROM python:3.12-slim AS b\nFROM b\nCOPY --from=b . .\nCOPY src/ /src/\n"
    assert found("SZ303", text, path=str(tmp_path / "Dockerfile")) == []


def test_star_and_dot_slash_and_onbuild(tmp_path):
    path = str(tmp_path / "Dockerfile")
    assert found("SZ303", "FROM x\nONBUILD COPY ./ /app/\n", path=path) == [("2:14-2:16", MSG)]
    assert found("SZ303", "FROM x\nCOPY * /app/\n", path=path) == [("2:6-2:7", MSG)]
