from ruletest import fixed, found

MSG = "`DEBIAN_FRONTEND` only matters while the image builds: set it with ARG so the container does not inherit it"


def test_env_to_arg():
    text = "FROM ubuntu:24.04\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get update\n"
    assert found("SZ704", text) == [("2:5-2:20", MSG)]
    assert fixed("SZ704", text, unsafe=True) == "FROM ubuntu:24.04\nARG DEBIAN_FRONTEND=noninteractive\nRUN apt-get update\n"


def test_legacy_form():
    assert fixed("SZ704", "FROM ubuntu:24.04\nENV DEBIAN_FRONTEND noninteractive\n", unsafe=True) == (
        "FROM ubuntu:24.04\nARG DEBIAN_FRONTEND=noninteractive\n"
    )


def test_mixed_env_is_split_crlf_indent():
    text = 'FROM ubuntu:24.04\r\n  env A=1 DEBIAN_FRONTEND="noninteractive" B=2\r\n'
    assert found("SZ704", text) == [("2:11-2:26", MSG)]
    assert fixed("SZ704", text, unsafe=True) == 'FROM ubuntu:24.04\r\n  ARG DEBIAN_FRONTEND="noninteractive"\r\n  env A=1 B=2\r\n'


def test_other_env_is_fine():
    assert found("SZ704", "FROM ubuntu:24.04\nENV PATH=/opt/bin:$PATH\nARG DEBIAN_FRONTEND=noninteractive\n") == []
