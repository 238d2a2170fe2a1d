from ruletest import found


def test_findings_0():
    text = "FROM centos:7\nRUN yum install -y httpd epel-release-7 httpd-2.4 ./x.rpm @dev $P && yum clean all\n"
    assert found("DL3033", text) == [
        ("2:20-2:25", "Pin the version of `httpd` (`httpd-<version>`)"),
    ]


def test_module_install_without_a_stream():
    text = "FROM centos:8\nRUN yum module install -y nodejs:18 && yum module install -y ruby && yum clean all\n"
    assert found("DL3033", text) == [("2:62-2:66", "Pin the stream of module `ruby` (`ruby:<stream>`)")]
