"""LSP's base protocol on a byte stream: the frame reader, and the loops that serve a client
over stdio or one TCP connection.

pygls' own reader trusts every frame: a ``Content-Length`` beyond the platform's integer range
killed the process, a wrong length never resynchronised, and over TCP a header line longer than
64 KiB closed the connection. This reader finds each frame by its ``Content-Length`` header
wherever it starts, refuses absurd lengths and header blocks, and after a broken frame resumes
at the next header; a message whose declared length is wrong is still read when it ends where
the next header begins.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import select
import stat
import sys
from collections.abc import Awaitable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from io import BufferedReader, BufferedWriter

    from stanzalint.lsp.protocol import StanzaProtocol

log = logging.getLogger(__name__)

HEADER = re.compile(rb"content-length[ \t]*:[ \t]*([0-9]+)[ \t]*\r?\n", re.IGNORECASE)
#: the empty line that ends a header block (searched from the newline ending a header line)
HEADERS_END = re.compile(rb"\n\r?\n")
#: the largest message body read (a bigger one is skipped: no editor sends a 256 MiB message)
MAX_BODY = 256 * 1024 * 1024
#: the longest header block, from ``Content-Length`` to the empty line
MAX_HEADERS = 64 * 1024
#: bytes kept while no header is in sight: enough for the start of one
HEADER_TAIL = 64
CHUNK = 64 * 1024
#: what the pipe to the client holds (Linux's default is 64 KiB): a 4,000-line file's
#: diagnostics, 200 KB, fit five times
PIPE_CAPACITY = 1024 * 1024

_UNREADABLE = object()


class Framer:
    """Splits a byte stream into messages: ``feed`` takes the bytes as they come and returns the
    messages completed, each as ``parse(body)`` gives it."""

    def __init__(self, parse: Callable[[bytes], object] = json.loads, max_body: int = MAX_BODY) -> None:
        self._parse = parse
        self._max_body = max_body
        self._buffer = bytearray()
        #: how far into the buffer ``_ends_early`` has looked for a next header (each byte of a
        #: long body is looked at once, not once per chunk)
        self._looked = 0

    def feed(self, data: bytes) -> list[object]:
        self._buffer += data
        messages: list[object] = []
        while self._next(messages):
            pass
        return messages

    def _next(self, messages: list[object]) -> bool:
        """Read one frame from the buffer into ``messages``; False when more bytes are needed."""
        buf = self._buffer
        header = HEADER.search(buf)
        if header is None:
            self._skip(max(0, len(buf) - HEADER_TAIL), keep_quiet=True)
            return False
        if header.start():
            self._skip(header.start())
            return True
        end = HEADERS_END.search(buf, header.end() - 1, header.end() - 1 + MAX_HEADERS)
        if end is None:
            if len(buf) - header.end() < MAX_HEADERS:
                return False
            log.warning("a header block longer than %d bytes: skipped", MAX_HEADERS)
            self._skip(header.end())
            return True
        length, start = int(header.group(1)), end.end()
        if length > self._max_body:
            log.warning("a message of %s bytes: skipped", length)
            self._skip(start)
            return True
        if len(buf) - start < length:
            return self._ends_early(messages, start)
        message = self._read(bytes(buf[start : start + length]))
        if message is not _UNREADABLE:
            messages.append(message)
            self._consume(start + length)
            return True
        return self._resynchronise(messages, start, length)

    def _ends_early(self, messages: list[object], start: int) -> bool:
        """A declared length longer than the message shows once the next frame's header
        follows a whole message."""
        following = HEADER.search(self._buffer, max(start, self._looked - HEADER_TAIL))
        self._looked = len(self._buffer)
        if following is None:
            return False
        message = self._read(bytes(self._buffer[start : following.start()]))
        if message is _UNREADABLE:
            return False
        log.warning("a message's Content-Length is longer than the message")
        messages.append(message)
        self._consume(following.start())
        return True

    def _resynchronise(self, messages: list[object], start: int, length: int) -> bool:
        """The frame's body is not a message: read the message up to the next header if it
        is one there (the length was wrong), else drop the frame."""
        following = HEADER.search(self._buffer, start)
        stop = following.start() if following is not None else len(self._buffer)
        message = self._read(bytes(self._buffer[start:stop])) if stop != start + length else _UNREADABLE
        if message is _UNREADABLE:
            log.warning("an unreadable message of %d bytes: skipped", length)
        else:
            log.warning("a message's Content-Length is shorter than the message")
            messages.append(message)
        self._consume(stop)
        return True

    def _read(self, body: bytes) -> object:
        try:
            return self._parse(body)
        except Exception:  # not JSON, not UTF-8, nested too deep, or not a message pygls can read
            return _UNREADABLE

    def _skip(self, count: int, keep_quiet: bool = False) -> None:
        if count <= 0:
            return
        if not keep_quiet and bytes(self._buffer[:count]).strip():
            log.warning("%d bytes that are not a message: skipped", count)
        self._consume(count)

    def _consume(self, count: int) -> None:
        del self._buffer[:count]
        self._looked = 0


async def serve(read: Callable[[], Awaitable[bytes]], protocol: StanzaProtocol) -> int | None:
    """Hand each message read (``protocol.parse`` reads a body) to ``protocol`` until the stream ends (None) or the client sends
    ``exit`` (its exit status)."""
    framer = Framer(protocol.parse)
    while True:
        data = await read()
        if not data:
            return None
        for message in framer.feed(data):
            try:
                protocol.handle_message(message)
            except SystemExit as exc:
                return exc.code if isinstance(exc.code, int) else 1
            except Exception:
                log.exception("could not handle a message")
            # let the handler's task take its first step before the next message, as it would
            # if each message were read on its own (didOpen files the document in that step)
            await asyncio.sleep(0)


def take_stdin() -> BufferedReader:
    """The client's stream of messages, read from a duplicate of file descriptor 0, which is
    then pointed at the null device: a program the server starts without ``stdin=`` inherits
    descriptor 0 and would take bytes of the client's messages; it now reads nothing."""
    messages = _binary_duplicate(0)
    null = os.open(os.devnull, os.O_RDONLY)
    try:
        os.dup2(null, 0)
    finally:
        os.close(null)
    return open(messages, "rb")


def take_stdout() -> BufferedWriter:
    """The stream the server's messages go to, written through a duplicate of file descriptor
    1, which then writes to the standard error instead: a stray ``print`` in the server, or a
    program it starts without ``stdout=``, would put bytes among the messages and break the
    client's reading of them; they now reach the log."""
    sys.stdout.flush()
    messages = _binary_duplicate(1)
    os.dup2(2, 1)
    widen_pipe(messages)
    return open(messages, "wb")


def widen_pipe(descriptor: int) -> None:
    """Have the pipe ``descriptor`` writes to hold ``PIPE_CAPACITY`` bytes (Linux): the
    diagnostics of a large file are then written at once, where a 64 KiB pipe had the server
    wait for the client to read each 64 KiB of them, one wake-up of each side after the other.
    Anything else (not Linux, not a pipe, a capacity beyond the system's limit) stays as it
    is."""
    try:
        import fcntl
    except ImportError:  # Windows
        return
    set_capacity = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
    if set_capacity is None:
        return
    try:
        fcntl.fcntl(descriptor, set_capacity, PIPE_CAPACITY)
    except OSError:
        pass


def _binary_duplicate(descriptor: int) -> int:
    """A duplicate of ``descriptor`` that reads and writes bytes as they are."""
    duplicate = os.dup(descriptor)
    if sys.platform == "win32":  # a descriptor's text mode is the C runtime's: bytes as sent
        import msvcrt

        msvcrt.setmode(duplicate, os.O_BINARY)
    return duplicate


def serve_stdio(protocol: StanzaProtocol) -> int | None:
    """Serve the client on stdin/stdout, each taken from its descriptor first (``take_stdin``,
    ``take_stdout``)."""
    from pygls.io_ import StdoutWriter

    stdin = take_stdin()
    protocol.set_writer(StdoutWriter(take_stdout()))

    async def main() -> int | None:
        return await serve(client_reader(stdin), protocol)

    try:
        return asyncio.run(main())
    except BrokenPipeError:
        log.error("the client closed the connection")
        return None


def client_reader(stdin: BufferedReader) -> Callable[[], Awaitable[bytes]]:
    """What reads the client's next bytes from ``stdin`` (called in the event loop): on POSIX, a
    pipe or socket is read by the loop itself (``PipeReader``), anything else by a thread of its
    own (``thread_reader``)."""
    if loop_can_read(stdin.fileno()):
        return PipeReader(stdin.fileno()).read
    return thread_reader(stdin)


def loop_can_read(descriptor: int) -> bool:
    """Whether the event loop can watch ``descriptor`` for the client's bytes: a pipe or a
    socket, off Windows (whose loops cannot watch a pipe). A regular file is always readable
    (the loop cannot wait for it), and a terminal is read by a thread as before."""
    if sys.platform == "win32":
        return False
    mode = os.fstat(descriptor).st_mode
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


class PipeReader:
    """Reads the client's bytes from a pipe or socket in the event loop itself (POSIX): a
    message reaches its handler as soon as the loop sees the descriptor readable, where a
    reading thread's bytes took two wake-ups (the thread's, then the loop's) and the thread,
    waking, could wait for a lint in another thread to let go of the interpreter lock.

    The descriptor stays blocking: it is read only once it is readable (the server is its only
    reader, ``take_stdin``), so the read returns what is there at once. Its open file's flags
    are shared with every process and descriptor holding it, the server's output too when one
    socket is both (socat, inetd): a non-blocking flag would make the server's writes fail
    whenever the client fell behind."""

    def __init__(self, descriptor: int) -> None:
        self._descriptor = descriptor

    async def read(self) -> bytes:
        """The bytes waiting, once there are some (no bytes at the end of the stream)."""
        if not _readable_now(self._descriptor):
            await self._readable()
        return os.read(self._descriptor, CHUNK)

    async def _readable(self) -> None:
        """Wait until the loop sees the descriptor readable."""
        loop = asyncio.get_running_loop()
        readable = loop.create_future()
        loop.add_reader(self._descriptor, _settle, readable)
        try:
            await readable
        finally:
            loop.remove_reader(self._descriptor)


def _readable_now(descriptor: int) -> bool:
    """Whether ``descriptor`` has bytes (or its end) to read without waiting."""
    return bool(select.select([descriptor], [], [], 0)[0])


def _settle(future: asyncio.Future[None]) -> None:
    """Mark ``future`` done, unless it is already (its waiter has yet to remove the reader)."""
    if not future.done():
        future.set_result(None)


def thread_reader(stdin: BufferedReader) -> Callable[[], Awaitable[bytes]]:
    """What reads ``stdin`` in a thread of its own, for the loop to await."""
    thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stanzalint-stdin")
    loop = asyncio.get_running_loop()
    return lambda: loop.run_in_executor(thread, stdin.read1, CHUNK)


def serve_tcp(protocol: StanzaProtocol, host: str, port: int) -> int | None:
    """Serve the first client that connects to ``host:port``, then stop listening."""

    async def main() -> int | None:
        finished: asyncio.Future[int | None] = asyncio.get_running_loop().create_future()

        async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            if finished.done() or getattr(protocol, "writer", None) is not None:
                writer.close()  # one client per server
                return
            listener.close()
            protocol.set_writer(writer)
            status: int | None = None
            try:
                status = await serve(lambda: reader.read(CHUNK), protocol)
            except (ConnectionError, BrokenPipeError):
                log.error("the client closed the connection")
            finally:
                if not finished.done():
                    finished.set_result(status)

        listener = await asyncio.start_server(connection, host, port)
        log.info("serving on %s", ", ".join(str(s.getsockname()) for s in listener.sockets))
        return await finished

    return asyncio.run(main())
