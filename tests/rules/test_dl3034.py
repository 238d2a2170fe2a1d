from ruletest import fixed, found


def test_findings_0():
    text = "FROM opensuse/leap:15.6\nRUN zypper install x=1\nRUN zypper -n install x=1\nRUN zypper in -y x=1\nRUN zypper refresh\n"
    assert found("DL3034", text) == [
        ("2:12-2:19", "Add `-n` so `zypper install` does not wait for a confirmation"),
    ]


def test_fix():
    text = "FROM opensuse/leap:15.6\nRUN zypper install x=1 && zypper clean\n"
    assert fixed("DL3034", text) == "FROM opensuse/leap:15.6\nRUN zypper -n install x=1 && zypper clean\n"
