from ruletest import found, fixed


def test_findings_0():
    text = 'FROM fedora:40\nRUN dnf install -y x-1\nRUN microdnf install -y x-1\nRUN dnf install -y x-1 && dnf clean all\n'
    assert found('DL3040', text) == [
        ('2:9-2:16', 'Run `dnf clean all` after `dnf install` in the same RUN'),
        ('3:14-3:21', 'Run `microdnf clean all` after `microdnf install` in the same RUN'),
    ]


def test_fix():
    text = 'FROM fedora:40\nRUN microdnf install -y x-1\n'
    assert fixed('DL3040', text) == 'FROM fedora:40\nRUN microdnf install -y x-1 && microdnf clean all\n'
