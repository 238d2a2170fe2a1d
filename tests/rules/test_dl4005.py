from ruletest import found


def test_findings_0():
    text = 'FROM debian:12\nRUN ln -sf /bin/bash /bin/sh\nRUN ln -s /bin/bash /bin/ash\nRUN ["ln", "-s", "/busybox/sh", "/bin/sh"]\n'
    assert found("DL4005", text) == [
        ("2:22-2:29", "Use SHELL to change the shell instead of relinking /bin/sh"),
    ]
