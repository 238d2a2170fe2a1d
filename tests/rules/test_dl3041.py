from ruletest import found


def test_findings_0():
    text = "FROM fedora:40\nRUN dnf install -y x y-1.2 z.x86_64 && dnf clean all\n"
    assert found("DL3041", text) == [
        ("2:20-2:21", "Pin the version of `x` (`x-<version>`)"),
        ("2:28-2:36", "Pin the version of `z.x86_64` (`z.x86_64-<version>`)"),
    ]


def test_install_alias():
    text = "FROM fedora:40\nRUN dnf in -y mariadb && dnf clean all\n"
    assert found("DL3041", text) == [("2:15-2:22", "Pin the version of `mariadb` (`mariadb-<version>`)")]


def test_module_install_without_a_stream():
    text = (
        "FROM fedora:40\nRUN dnf module install -y nodejs && dnf module install -y php:8.1/common"
        " && dnf module enable -y ruby && dnf clean all\n"
    )
    assert found("DL3041", text) == [("2:27-2:33", "Pin the stream of module `nodejs` (`nodejs:<stream>`)")]
