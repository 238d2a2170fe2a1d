"""The frame reader: messages are found by their Content-Length header, absurd lengths and
header blocks are skipped, and after a broken frame reading resumes at the next header."""

from __future__ import annotations

import json

from stanzalint.lsp.transport import MAX_HEADERS, Framer


def frame(message, length=None, headers=b"") -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n" % (len(body) if length is None else length) + headers + b"\r\n" + body


A, B, C = {"id": 1}, {"id": 2, "text": "é😀"}, {"id": 3}


def test_whole_frames_in_any_chunking():
    stream = frame(A) + frame(B, headers=b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n") + frame(C)
    for size in (1, 2, 7, len(stream)):
        framer = Framer()
        got = []
        for i in range(0, len(stream), size):
            got += framer.feed(stream[i : i + size])
        assert got == [A, B, C], size


def test_a_length_beyond_any_integer_is_skipped():
    framer = Framer()
    assert framer.feed(b"Content-Length: 99999999999999999999999999\r\n\r\n{}" + frame(A)) == [A]


def test_a_short_length_resynchronises():
    assert Framer().feed(frame(A, length=3) + frame(B) + frame(C)) == [A, B, C]


def test_a_long_length_resynchronises_when_the_next_frame_comes():
    framer = Framer()
    assert framer.feed(frame(A, length=500)) == []
    assert framer.feed(frame(B)) == [A, B]
    assert framer.feed(frame(C)) == [C]


def test_junk_and_unreadable_bodies_are_skipped():
    stream = (
        b"garbage\r\n\r\n"
        + frame(A)
        + b"Content-Length: 5\r\n\r\nnope!"
        + b"Content-Length: 2\r\n\r\n\xff\xfe"
        + frame(B)
    )
    assert Framer().feed(stream) == [A, B]


def test_a_huge_header_block_is_skipped():
    framer = Framer()
    assert framer.feed(b"Content-Length: 2\r\nX-Pad: " + b"x" * (MAX_HEADERS + 10) + b"\r\n\r\n{}") == []
    assert framer.feed(frame(A)) == [A]


def test_deep_nesting_does_not_stop_the_reader():
    assert Framer().feed(b"Content-Length: 200000\r\n\r\n" + b"[" * 100000 + b"]" * 100000 + frame(A)) == [A]
