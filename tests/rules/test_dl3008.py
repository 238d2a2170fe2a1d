from ruletest import found

MSG = "Pin the version of `{}` (`{}=<version>`)"


def test_unpinned_packages_each_flagged():
    text = "FROM debian:12\nRUN apt-get install -y curl git=1:2.39 ca-certificates/bookworm ./x.deb\n"
    assert found("DL3008", text) == [("2:24-2:28", MSG.format("curl", "curl"))]


def test_option_values_and_variables_are_not_packages():
    text = "FROM debian:12\nRUN apt-get -o Dpkg::Options::=--force-confold -t bookworm install -y $PKGS wget\n"
    assert found("DL3008", text) == [("2:77-2:81", MSG.format("wget", "wget"))]


def test_pinned_clean():
    assert found("DL3008", "FROM debian:12\nRUN apt-get install -y curl=7.88 && apt-get update\n") == []


def test_onbuild_heredoc_and_sudo():
    text = "FROM debian:12\nONBUILD RUN sudo apt-get install jq\nRUN <<EOF\napt-get install vim\nEOF\n"
    assert found("DL3008", text) == [
        ("2:34-2:36", MSG.format("jq", "jq")),
        ("4:17-4:20", MSG.format("vim", "vim")),
    ]


def test_pwsh_shell_skipped():
    text = 'FROM debian:12\nSHELL ["pwsh", "-c"]\nRUN apt-get install curl\n'
    assert found("DL3008", text) == []


def test_aptitude_install():
    text = "FROM debian:12\nRUN aptitude install -y -R curl wget=1.21.3-1+b2\n"
    assert found("DL3008", text) == [("2:28-2:32", "Pin the version of `curl` (`curl=<version>`)")]
