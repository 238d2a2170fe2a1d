from ruletest import fixed, found


def test_findings_0():
    text = "FROM opensuse/leap:15.6\nRUN zypper -n install x=1\nRUN zypper -n install x=1 && zypper clean -a\nRUN zypper -n in x=1 && zypper cc\n"
    assert found("DL3036", text) == [
        ("2:15-2:22", "Run `zypper clean` after `zypper install` in the same RUN"),
    ]


def test_fix():
    text = "FROM opensuse/leap:15.6\nRUN zypper -n install x=1\n"
    assert fixed("DL3036", text) == "FROM opensuse/leap:15.6\nRUN zypper -n install x=1 && zypper clean\n"
