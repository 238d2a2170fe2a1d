from __future__ import annotations

import os

from ruletest import config_for, found
from stanzalint.engine import lint, prepare

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


def test_typing_finds_the_first_context_copy_a_fresh_lint_finds(tmp_path):
    """Keystrokes that add a context copy above the first one, turn it into another copy and
    remove it again (the copies after them moved): each lint flags the copy a fresh lint flags."""
    path = str(tmp_path / "Dockerfile")
    config = config_for(["SZ303"])
    texts = [
        TEXT,
        TEXT.replace("WORKDIR /app", "WORKDIR /apps"),  # the copies after the edit moved
        TEXT.replace("WORKDIR /app\n", "WORKDIR /app\nONBUILD COPY . /o\n"),
        TEXT.replace("WORKDIR /app\n", "WORKDIR /app\nONBUILD COPY src /o\n"),
        TEXT.replace("WORKDIR /app\n", "WORKDIR /app\nCOPY ./ /o\n"),
        TEXT.replace("COPY --chown=app . .\n", ""),
        TEXT,
    ]
    previous = prepare(texts[0], config)
    for text in texts[1:]:
        previous = prepare(text, config, previous=previous[1])
        typed = lint(text, config, path, parsed=previous).violations
        assert [(v.span, v.message) for v in typed] == [
            (v.span, v.message) for v in lint(text, config, path).violations
        ]
        assert len(typed) == 1


def test_the_file_system_is_asked_for_an_ignore_file_only_when_the_context_is_copied(tmp_path, monkeypatch):
    asked: list[str] = []
    isfile = os.path.isfile
    monkeypatch.setattr(os.path, "isfile", lambda name: asked.append(name) or isfile(name))
    path = str(tmp_path / "Dockerfile")
    assert found("SZ303", "FROM x\nCOPY src /src\n", path=path) == []
    assert not [name for name in asked if name.endswith(".dockerignore")]
    assert found("SZ303", "FROM x\nCOPY . /src\n", path=path) == [("2:6-2:7", MSG)]
    assert [name for name in asked if name.endswith(".dockerignore")]
