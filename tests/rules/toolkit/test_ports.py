from stanzalint.rules.toolkit.ports import exposed_ports, split_port
from toolkit_input import rule_context


def test_split_port_like_buildkit():
    assert split_port("8080") == ("", "", "8080", None)
    assert split_port("80:8080/tcp") == ("", "80", "8080", "tcp")
    assert split_port("127.0.0.1:80:8080/udp") == ("127.0.0.1", "80", "8080", "udp")


def test_exposed_ports_expand_variables_and_know_where_the_protocol_is():
    text = "FROM a\nARG P=9000\nEXPOSE 80/TCP $P $UNSET\n"
    ctx = rule_context(text)
    ports = list(exposed_ports(ctx))
    assert [(p.container, p.proto, p.literal) for p in ports] == [("80", "TCP", True), ("9000", None, False)]
    assert text[ports[0].proto_span.start : ports[0].proto_span.end] == "TCP"
