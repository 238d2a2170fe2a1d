from __future__ import annotations

from ruletest import found

URL = "Remote file added without `--checksum=sha256:…`; its contents are not verified"
GIT = "This Git source follows a branch or tag; pin a full commit hash in the `#` fragment"


def test_remote_files_without_checksum():
    text = (
        "FROM debian:12\n"
        "ADD https://example.com/tini /tini\n"
        "ADD --chmod=755 http://example.com/a local.txt /opt/\n"
        "ONBUILD ADD https://example.com/b /b\n"
    )
    assert found("SZ202", text) == [
        ("2:5-2:29", URL),
        ("3:17-3:37", URL),
        ("4:13-4:34", URL),
    ]


def test_git_sources_need_a_commit():
    sha = "3b6c9ffb3c2e5e0ad1c7d2d0a5f1e6b1a7c9d8e2"
    text = (
        "FROM debian:12\n"
        "ADD https://github.com/org/repo.git#main /src\n"
        "ADD git@github.com:org/repo.git /src\n"
        f"ADD https://github.com/org/repo.git#{sha} /src\n"
        f"ADD https://github.com/org/repo.git#{sha}:docs /src\n"
    )
    assert found("SZ202", text) == [("2:5-2:41", GIT), ("3:5-3:32", GIT)]


def test_checksum_and_local_sources_are_clean():
    text = (
        "FROM debian:12\n"
        "ADD --checksum=sha256:" + "a" * 64 + " https://example.com/tini /tini\n"
        "ADD app.tar.gz /opt/\n"
        "COPY https-notes.txt /\n"
    )
    assert found("SZ202", text) == []
