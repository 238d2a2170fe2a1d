from ruletest import found


def test_findings_0():
    text = 'FROM centos:7\nRUN yum install -y httpd epel-release-7 httpd-2.4 ./x.rpm @dev $P && yum clean all\n'
    assert found('DL3033', text) == [
        ('2:20-2:25', 'Pin the version of `httpd` (`httpd-<version>`)'),
    ]
