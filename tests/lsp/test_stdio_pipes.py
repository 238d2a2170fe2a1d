"""The server's standard input and output. The client's bytes: a pipe or socket is read by the
event loop itself, with no thread between the bytes and their handler; anything else (a regular
file here, Windows and terminals too) by a thread of its own. Either way every byte comes, in
order, and the end of the stream reads as no bytes. The server's messages: the pipe to the
client holds a large file's diagnostics."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading

import pytest
from stanzalint.lsp.transport import CHUNK, client_reader, loop_can_read, widen_pipe

#: Windows' event loops cannot watch a pipe: its standard input is always read by a thread
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="read by a thread on Windows")
#: more than a pipe holds and many reads' worth: the writer blocks until the reader catches up
LARGE = bytes(range(256)) * (CHUNK // 64)


def read_all(stdin) -> tuple[bytes, set[str]]:
    """Every byte ``client_reader`` reads from ``stdin`` to its end, and the names of the threads
    that were running while it read."""

    async def main() -> tuple[bytes, set[str]]:
        read = client_reader(stdin)
        got = bytearray()
        threads: set[str] = set()
        while data := await read():
            got += data
            threads.update(thread.name for thread in threading.enumerate())
        return bytes(got), threads

    return asyncio.run(main())


def write_then_close(descriptor: int, data: bytes) -> threading.Thread:
    """Write ``data`` to ``descriptor`` in a thread (a pipe blocks when full), then close it."""

    def write() -> None:
        with open(descriptor, "wb") as out:
            for start in range(0, len(data), 1000):
                out.write(data[start : start + 1000])
                out.flush()

    writer = threading.Thread(target=write, name="test-writer")
    writer.start()
    return writer


@posix_only
def test_a_pipe_is_read_by_the_event_loop_without_a_thread():
    read_end, write_end = os.pipe()
    writer = write_then_close(write_end, LARGE)
    with open(read_end, "rb") as stdin:
        got, threads = read_all(stdin)
    writer.join()
    assert got == LARGE
    assert not any(name.startswith("stanzalint-stdin") for name in threads)


@posix_only
def test_a_socket_is_read_by_the_event_loop_too():
    ours, theirs = socket.socketpair()
    writer = write_then_close(os.dup(theirs.fileno()), LARGE)
    theirs.close()
    with ours, open(os.dup(ours.fileno()), "rb") as stdin:
        got, threads = read_all(stdin)
    writer.join()
    assert got == LARGE
    assert not any(name.startswith("stanzalint-stdin") for name in threads)


def test_a_regular_file_is_read_by_a_thread(tmp_path):
    messages = tmp_path / "messages"
    messages.write_bytes(LARGE)
    with open(messages, "rb") as stdin:
        got, threads = read_all(stdin)
    assert got == LARGE
    assert any(name.startswith("stanzalint-stdin") for name in threads)


@posix_only
def test_only_pipes_and_sockets_are_read_by_the_loop(tmp_path):
    read_end, write_end = os.pipe()
    ours, theirs = socket.socketpair()
    regular = tmp_path / "messages"
    regular.write_bytes(b"")
    try:
        with open(regular, "rb") as stdin:
            assert (loop_can_read(read_end), loop_can_read(ours.fileno()), loop_can_read(stdin.fileno())) == (
                True,
                True,
                False,
            )
    finally:
        os.close(read_end)
        os.close(write_end)
        ours.close()
        theirs.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pipe's capacity is set on Linux only")
def test_the_pipe_to_the_client_holds_a_large_files_diagnostics():
    """A publish of 200 KB (a 4,000-line file's diagnostics) is written while the client has
    yet to read any of it: the server goes on without waiting for the client."""
    read_end, write_end = os.pipe()
    try:
        widen_pipe(write_end)
        os.set_blocking(write_end, False)
        assert os.write(write_end, b"x" * 200_000) == 200_000
    finally:
        os.close(read_end)
        os.close(write_end)


@posix_only
def test_reading_leaves_the_descriptor_blocking_for_the_writes_that_share_it():
    """One socket as both stdin and stdout (socat, inetd): the loop reads it without making it
    non-blocking, which would make the server's writes fail whenever the client fell behind."""
    ours, theirs = socket.socketpair()
    writer = write_then_close(os.dup(theirs.fileno()), b"Content-Length: 2\r\n\r\n{}")
    theirs.close()
    with ours, open(os.dup(ours.fileno()), "rb") as stdin:
        got, _ = read_all(stdin)
        assert os.get_blocking(ours.fileno())
    writer.join()
    assert got == b"Content-Length: 2\r\n\r\n{}"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pipe's capacity is set on Linux only")
def test_the_server_s_output_is_widened_when_it_is_a_pipe():
    """``take_stdout``, which the server starts with, widens the pipe its messages go to (what
    it prints afterwards on descriptor 1 reaches the standard error)."""
    from stanzalint.lsp.transport import PIPE_CAPACITY

    script = (
        "import fcntl\n"
        "from stanzalint.lsp.transport import take_stdout\n"
        "messages = take_stdout()\n"
        "print(fcntl.fcntl(messages.fileno(), fcntl.F_GETPIPE_SZ), flush=True)\n"
    )
    with open("/proc/sys/fs/pipe-max-size") as limit:
        if int(limit.read()) < PIPE_CAPACITY and os.geteuid() != 0:
            pytest.skip("this system's pipes cannot hold that much")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert int(done.stderr.split()[-1]) >= PIPE_CAPACITY
