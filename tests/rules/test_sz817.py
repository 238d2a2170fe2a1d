from ruletest import fixed, found


def test_flags_and_fixes_host_parts():
    text = "FROM nginx:1.27\nEXPOSE 127.0.0.1:8080:80/tcp 9090:90 3000\n"
    assert found("SZ817", text) == [
        (
            "2:8-2:29",
            "EXPOSE `127.0.0.1:8080:80/tcp` names a host address or port, which EXPOSE ignores; write only `80/tcp`",
        ),
        ("2:30-2:37", "EXPOSE `9090:90` names a host address or port, which EXPOSE ignores; write only `90`"),
    ]
    assert fixed("SZ817", text) == "FROM nginx:1.27\nEXPOSE 80/tcp 90 3000\n"


def test_plain_ports_are_clean():
    assert found("SZ817", "FROM a:1\nEXPOSE 80 443/tcp 8000-8010/udp\n") == []
