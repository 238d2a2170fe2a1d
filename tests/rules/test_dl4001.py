from ruletest import found


def test_findings_0():
    text = "FROM debian:12 AS a\nRUN curl -o x http://x\nRUN wget -q http://y\nRUN curl http://z\nFROM debian:12\nRUN wget -q http://y\n"
    assert found("DL4001", text) == [
        ("3:5-3:9", "The stage uses both curl and wget; use only one (this is `wget`, elsewhere `curl`)"),
        ("4:5-4:9", "The stage uses both curl and wget; use only one (this is `curl`, elsewhere `wget`)"),
    ]
