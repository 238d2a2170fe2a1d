from ruletest import fixed, found


def test_findings_0():
    text = 'FROM debian:12\nRUN curl x | sh\nRUN { echo a; } | tee f\nRUN set -o pipefail && a | b\nRUN bash -c \'a | b\'\nONBUILD RUN a | b\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN a | b\n'
    assert found("DL4006", text) == [
        ("2:12-2:13", "Set `-o pipefail` in SHELL so a failure before the pipe fails the build"),
        ("3:17-3:18", "Set `-o pipefail` in SHELL so a failure before the pipe fails the build"),
    ]


def test_fix():
    text = "FROM alpine:3.20\nRUN a | b\nRUN c | d\n"
    assert (
        fixed("DL4006", text, unsafe=True)
        == 'FROM alpine:3.20\nSHELL ["/bin/ash", "-o", "pipefail", "-c"]\nRUN a | b\nRUN c | d\n'
    )


def test_no_fix_before_the_first_from():
    from ruletest import violations

    text = "RUN curl -s https://example.com | tar -x\n"
    found_ = violations("DL4006", text)
    assert [(v.code, v.fix) for v in found_] == [("DL4006", None)]
