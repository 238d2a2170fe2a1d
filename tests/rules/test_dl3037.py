from ruletest import found


def test_findings_0():
    text = (
        "FROM opensuse/leap:15.6\nRUN zypper -n install curl 'b>=1' c=2 && zypper -n install -t pattern devel_basis\n"
    )
    assert found("DL3037", text) == [
        ("2:23-2:27", "Pin the version of `curl` (`curl=<version>`)"),
    ]
