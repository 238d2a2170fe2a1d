from ruletest import found


def test_findings_0():
    text = "FROM debian:12\nRUN cd /app && make\nRUN sh -c 'cd /tmp && ls'\nONBUILD RUN cd /x\n"
    assert found("DL3003", text) == [
        ("2:5-2:7", "Use WORKDIR to change directory instead of `cd`"),
        ("4:13-4:15", "Use WORKDIR to change directory instead of `cd`"),
    ]
