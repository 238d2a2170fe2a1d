from ruletest import fixed, found


def test_findings_0():
    text = "FROM fedora:40\nRUN dnf install x-1 && dnf clean all\nRUN microdnf install x-1 && microdnf clean all\nRUN dnf install --assumeyes x-1\n"
    assert found("DL3038", text) == [
        ("2:9-2:16", "Add `-y` so `dnf install` does not wait for a confirmation"),
        ("3:14-3:21", "Add `-y` so `microdnf install` does not wait for a confirmation"),
    ]


def test_fix():
    text = "FROM fedora:40\nRUN microdnf install x-1 && microdnf clean all\n"
    assert fixed("DL3038", text) == "FROM fedora:40\nRUN microdnf install -y x-1 && microdnf clean all\n"


def test_install_alias():
    text = "FROM fedora:40\nRUN dnf in x-1 && dnf clean all\n"
    assert found("DL3038", text) == [("2:9-2:11", "Add `-y` so `dnf in` does not wait for a confirmation")]
