from ruletest import found


def test_findings_0():
    text = "FROM opensuse/leap:15.6\nRUN zypper -n dist-upgrade && zypper -n dup\n"
    assert found("DL3035", text) == [
        ("2:15-2:27", "Do not upgrade the distribution in a build; use a newer base image"),
        ("2:41-2:44", "Do not upgrade the distribution in a build; use a newer base image"),
    ]
