from __future__ import annotations

from ruletest import found


def test_ports_out_of_range():
    text = "FROM alpine:3.20\nEXPOSE 80 70000 8080/tcp 65536/udp\n"
    assert found("DL3011", text) == [
        ("2:11-2:16", "Port 70000 is out of range: ports go from 0 to 65535"),
        ("2:26-2:35", "Port 65536 is out of range: ports go from 0 to 65535"),
    ]


def test_ranges_and_variables_clean():
    assert found("DL3011", "FROM alpine:3.20\nEXPOSE 0-65535 ${PORT}\n") == []
