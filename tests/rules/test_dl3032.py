from ruletest import fixed, found


def test_findings_0():
    text = "FROM centos:7\nRUN yum install -y httpd-2.4\nRUN yum clean all && yum install -y x-1\nRUN yum install -y x-1 && rm -rf /var/cache/yum\nRUN --mount=type=cache,target=/var/cache/yum yum install -y x-1\n"
    assert found("DL3032", text) == [
        ("2:9-2:16", "Run `yum clean all` after `yum install` in the same RUN"),
        ("3:26-3:33", "Run `yum clean all` after `yum install` in the same RUN"),
    ]


def test_fix():
    text = "FROM centos:7\nRUN yum install -y x-1\n"
    assert fixed("DL3032", text) == "FROM centos:7\nRUN yum install -y x-1 && yum clean all\n"


def test_update_fills_the_cache():
    text = "FROM centos:7\nRUN yum update -y\nRUN yum reinstall -y x-1 && yum clean all\n"
    assert found("DL3032", text) == [("2:9-2:15", "Run `yum clean all` after `yum update` in the same RUN")]
