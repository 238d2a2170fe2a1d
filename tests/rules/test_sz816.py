from ruletest import fixed, found


def test_flags_and_fixes_upper_case_protocols():
    text = "FROM nginx:1.27\nEXPOSE 80/TCP 53/udp 9000/Udp\n"
    assert found("SZ816", text) == [
        ("2:8-2:14", "Write the protocol of `80/TCP` in lower case (`tcp`)"),
        ("2:22-2:30", "Write the protocol of `9000/Udp` in lower case (`udp`)"),
    ]
    assert fixed("SZ816", text) == "FROM nginx:1.27\nEXPOSE 80/tcp 53/udp 9000/udp\n"


def test_variables_are_expanded_and_clean_ports_pass():
    text = "FROM a:1\nARG P=80/TCP\nEXPOSE $P 443 8080/tcp\n"
    assert found("SZ816", text) == [("3:8-3:10", "Write the protocol of `80/TCP` in lower case (`tcp`)")]
    assert found("SZ816", "FROM a:1\nEXPOSE 443 8080/tcp\n") == []
