from ruletest import fixed, found


def test_findings_0():
    text = "FROM debian:12\nRUN apt-get install -y curl\nRUN apt-get -o APT::Install-Recommends=false install -y curl\n"
    assert found("DL3015", text) == [
        ("2:13-2:20", "Add `--no-install-recommends` to install only the packages you name"),
    ]


def test_fix():
    text = "FROM debian:12\r\nRUN apt-get install -y curl\r\n"
    assert (
        fixed("DL3015", text, unsafe=True)
        == "FROM debian:12\r\nRUN apt-get install --no-install-recommends -y curl\r\n"
    )


def test_aptitude_install():
    text = "FROM debian:12\nRUN aptitude install -y curl=1\nRUN aptitude install -yR curl=1\nRUN aptitude install -y --without-recommends curl=1\n"
    assert found("DL3015", text) == [("2:14-2:21", "Add `--without-recommends` to install only the packages you name")]


def test_aptitude_fix():
    text = "FROM debian:12\nRUN aptitude install -y curl=1\n"
    assert fixed("DL3015", text, unsafe=True) == "FROM debian:12\nRUN aptitude install --without-recommends -y curl=1\n"
