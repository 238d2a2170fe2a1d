from ruletest import fixed, found


def test_findings_0():
    text = "FROM centos:7\nRUN yum install httpd-2.4 && yum clean all\nRUN yum -y install httpd-2.4 && yum clean all\n"
    assert found("DL3030", text) == [
        ("2:9-2:16", "Add `-y` so `yum install` does not wait for a confirmation"),
    ]


def test_fix():
    text = "FROM centos:7\nRUN yum install x-1 && yum clean all\n"
    assert fixed("DL3030", text) == "FROM centos:7\nRUN yum install -y x-1 && yum clean all\n"


def test_module_install():
    text = "FROM centos:8\nRUN yum module install nodejs:18 && yum clean all\n"
    assert found("DL3030", text) == [("2:16-2:23", "Add `-y` so `yum module install` does not wait for a confirmation")]
