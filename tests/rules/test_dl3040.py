from ruletest import fixed, found


def test_findings_0():
    text = (
        "FROM fedora:40\nRUN dnf install -y x-1\nRUN microdnf install -y x-1\nRUN dnf install -y x-1 && dnf clean all\n"
    )
    assert found("DL3040", text) == [
        ("2:9-2:16", "Run `dnf clean all` after `dnf install` in the same RUN"),
        ("3:14-3:21", "Run `microdnf clean all` after `microdnf install` in the same RUN"),
    ]


def test_fix():
    text = "FROM fedora:40\nRUN microdnf install -y x-1\n"
    assert fixed("DL3040", text) == "FROM fedora:40\nRUN microdnf install -y x-1 && microdnf clean all\n"


def test_dnf_aliases_and_upgrades_fill_the_cache():
    text = (
        "FROM fedora:40\nRUN dnf in -y mariadb-10.4\nRUN dnf up -y\nRUN dnf upgrade-minimal -y\n"
        "RUN dnf rei -y x-1\nRUN dnf update -y && dnf clean all\nRUN dnf remove -y x\n"
    )
    assert found("DL3040", text) == [
        ("2:9-2:11", "Run `dnf clean all` after `dnf in` in the same RUN"),
        ("3:9-3:11", "Run `dnf clean all` after `dnf up` in the same RUN"),
        ("4:9-4:24", "Run `dnf clean all` after `dnf upgrade-minimal` in the same RUN"),
        ("5:9-5:12", "Run `dnf clean all` after `dnf rei` in the same RUN"),
    ]


def test_module_install_fills_the_cache():
    text = "FROM fedora:40\nRUN dnf module install -y nodejs:18\n"
    assert found("DL3040", text) == [("2:16-2:23", "Run `dnf clean all` after `dnf module install` in the same RUN")]
