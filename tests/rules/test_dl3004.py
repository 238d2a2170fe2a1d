from ruletest import found


def test_findings_0():
    text = "FROM debian:12\nRUN sudo apt-get update\nRUN env sudo -u bob ls\nRUN echo sudo\n"
    assert found("DL3004", text) == [
        ("2:5-2:9", "Do not use `sudo` in a build; set USER for the steps instead"),
        ("3:9-3:13", "Do not use `sudo` in a build; set USER for the steps instead"),
    ]
