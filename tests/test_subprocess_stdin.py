"""The programs stanzalint runs (ShellCheck, trivy, git) never read its standard input: in the
language server that is the client's stream of messages, and a byte taken from it would break
the protocol for every document."""

from __future__ import annotations

import os
import stat

import pytest
from stanzalint.analysis import analyze
from stanzalint.shellcheck import ShellCheck, scripts_of
from stanzalint.syntax import parse
from stanzalint.trivy import Trivy

#: reads all of its standard input into $STDIN_SEEN, then prints an empty JSON object
FAKE = '#!/bin/sh\ncat > "$STDIN_SEEN"\necho "{}"\n'
MESSAGE = b"Content-Length: 2\r\n\r\n{}"


@pytest.fixture
def client_on_stdin(tmp_path, monkeypatch):
    """Standard input is a pipe holding a client's message (closed after it); yields the fake
    program and a function telling what it read and what is still on the pipe."""
    fake = tmp_path / "tool"
    fake.write_text(FAKE)
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    seen = tmp_path / "seen"
    monkeypatch.setenv("STDIN_SEEN", str(seen))
    read_end, write_end = os.pipe()
    os.write(write_end, MESSAGE)
    os.close(write_end)
    saved = os.dup(0)
    os.dup2(read_end, 0)
    os.close(read_end)

    def outcome() -> tuple[bytes, bytes]:
        left = os.read(0, 1024)
        return (seen.read_bytes() if seen.exists() else b""), left

    try:
        yield str(fake), outcome
    finally:
        os.dup2(saved, 0)
        os.close(saved)


def test_trivy_reads_nothing_of_the_servers_standard_input(client_on_stdin):
    fake, outcome = client_on_stdin
    assert Trivy(fake).config_scan(["FROM alpine\n"]) == [[]]
    assert outcome() == (b"", MESSAGE)


def test_shellcheck_reads_nothing_of_the_servers_standard_input(client_on_stdin, tmp_path):
    fake, outcome = client_on_stdin
    checker = ShellCheck(fake, cache_dir=str(tmp_path / "cache"), use_cache=False, jobs=1)
    assert checker.version == "{}"
    dockerfile = parse("FROM alpine\nRUN echo hi\n")
    checker.check(scripts_of(dockerfile, analyze(dockerfile)))
    assert outcome() == (b"", MESSAGE)


def test_git_reads_nothing_of_the_servers_standard_input(client_on_stdin, tmp_path, monkeypatch):
    from stanzalint.context.history import _git

    fake, outcome = client_on_stdin
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "git").symlink_to(fake)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    assert _git(str(tmp_path), "log") == b"{}\n"
    assert outcome() == (b"", MESSAGE)
