"""SZ306: secrets and local state entering the image through a broad COPY."""

from contexts import make_tree
from ruletest import found

TEXT = "FROM node:22-slim\nWORKDIR /app\nCOPY . .\n"
STATE = {
    "app.js": "",
    ".env": "TOKEN=x",
    ".env.example": "TOKEN=",
    "certs/server.pem": "",
    ".git/HEAD": "ref",
    ".git/config": "",
    "node_modules/a/index.js": "",
    "tools/venv/pyvenv.cfg": "",
    "tools/venv/bin/python": "",
}


def test_broad_copy_carries_secrets_and_state(tmp_path):
    make_tree(tmp_path, STATE)
    assert found("SZ306", TEXT, str(tmp_path / "Dockerfile")) == [
        (
            "3:6-3:7",
            "`.` copies `.env`, `.git/` (2 files), `certs/server.pem` and 2 more into the image "
            "(a secret, a virtualenv, installed Node packages, the git history); exclude them in .dockerignore",
        )
    ]


def test_ignored_state_and_named_files_pass(tmp_path):
    make_tree(tmp_path, dict(STATE, **{".dockerignore": ".env\n.git\nnode_modules\n**/venv\n**/*.pem\n"}))
    path = str(tmp_path / "Dockerfile")
    assert found("SZ306", TEXT, path) == []
    make_tree(tmp_path, {".dockerignore": ".git\nnode_modules\n**/venv\n"})
    text = "FROM nginx\nCOPY certs/server.pem /etc/ssl/\nCOPY .env /app/.env\n"
    assert found("SZ306", text, path) == []


def test_a_directory_source_is_broad_too(tmp_path):
    make_tree(tmp_path, {"deploy/id_rsa": "", "deploy/run.sh": ""})
    assert found("SZ306", "FROM alpine\nCOPY deploy/ /deploy/\n", str(tmp_path / "Dockerfile")) == [
        ("2:6-2:13", "`deploy` copies `deploy/id_rsa` into the image (a secret); exclude them in .dockerignore"),
    ]


def test_a_lint_after_an_edit_does_not_walk_the_copied_files_again(tmp_path, monkeypatch):
    from stanzalint.rules import sz306

    make_tree(tmp_path, STATE)
    path = str(tmp_path / "Dockerfile")
    first = found("SZ306", TEXT, path)
    walked: list[int] = []
    state = sz306.local_state
    monkeypatch.setattr(sz306, "local_state", lambda files: walked.append(len(files)) or state(files))
    assert found("SZ306", TEXT.replace("WORKDIR /app", "WORKDIR /app2"), path) == first
    assert walked == []
