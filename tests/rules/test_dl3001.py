from ruletest import found


def test_findings_0():
    text = "FROM debian:12\nRUN service nginx start && ps aux\nRUN echo ps\n"
    assert found("DL3001", text) == [
        ("2:5-2:12", "`service` has no useful effect while building an image"),
        ("2:28-2:30", "`ps` has no useful effect while building an image"),
    ]
