from ruletest import fixed, found, violations

MSG = "`DEBIAN_FRONTEND` only matters while the image builds: set it with ARG so the container does not inherit it"


def test_env_to_arg():
    text = "FROM ubuntu:24.04\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get update\n"
    assert found("SZ704", text) == [("2:5-2:20", MSG)]
    assert (
        fixed("SZ704", text, unsafe=True)
        == "FROM ubuntu:24.04\nARG DEBIAN_FRONTEND=noninteractive\nRUN apt-get update\n"
    )


def test_legacy_form():
    assert fixed("SZ704", "FROM ubuntu:24.04\nENV DEBIAN_FRONTEND noninteractive\n", unsafe=True) == (
        "FROM ubuntu:24.04\nARG DEBIAN_FRONTEND=noninteractive\n"
    )


def test_mixed_env_is_split_crlf_indent():
    text = 'FROM ubuntu:24.04\r\n  env A=1 DEBIAN_FRONTEND="noninteractive" B=2\r\n'
    assert found("SZ704", text) == [("2:11-2:26", MSG)]
    assert (
        fixed("SZ704", text, unsafe=True)
        == 'FROM ubuntu:24.04\r\n  ARG DEBIAN_FRONTEND="noninteractive"\r\n  env A=1 B=2\r\n'
    )


def test_other_env_is_fine():
    assert found("SZ704", "FROM ubuntu:24.04\nENV PATH=/opt/bin:$PATH\nARG DEBIAN_FRONTEND=noninteractive\n") == []


def test_images_that_install_packages_after_their_build_keep_the_env():
    env = "FROM ubuntu:24.04\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get update\n"
    assert found("SZ704", env + "ONBUILD RUN apt-get install -y $(cat apt.txt)\n") == []
    assert found("SZ704", "# Base image for the team's images\n" + env) == []
    assert found("SZ704", env + 'COPY config/90assumeyes /etc/apt/apt.conf.d/\nCMD ["/init.sh"]\n') == []
    assert found("SZ704", env + "RUN echo 'APT::Get::Assume-Yes \"true\";' > /etc/apt/apt.conf.d/90yes\n") == []
    # any case, as the regular expression folds it (the long s is an s)
    assert found("SZ704", env + "RUN echo 'APT::GET::ASSUMEYES 1;' > /etc/apt/apt.conf.d/90yes\n") == []
    assert found("SZ704", env + "RUN echo 'APT::Get::A\u017f\u017fume-Yes 1;' > /etc/apt/apt.conf.d/90yes\n") == []


def test_no_edit_when_a_stage_built_on_it_runs_apt():
    text = (
        "FROM ubuntu:24.04 AS gpu\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get update\n"
        'FROM gpu AS app\nRUN apt-get install -y tzdata\nCMD ["app"]\n'
    )
    (violation,) = violations("SZ704", text)
    assert (violation.span.start, violation.fix) == (text.index("DEBIAN_FRONTEND"), None)
    # a child stage that runs no apt keeps the edit
    other = text.replace("RUN apt-get install -y tzdata", "RUN ./app --version")
    assert fixed("SZ704", other, unsafe=True) == other.replace("ENV DEBIAN_FRONTEND", "ARG DEBIAN_FRONTEND")


def test_no_edit_when_a_stage_a_variable_from_may_pick_runs_apt():
    text = (
        "ARG GPU\nFROM debian:13-slim AS base-cpu\nFROM ubuntu:22.04 AS base-gpu-nvidia\n"
        "ENV DEBIAN_FRONTEND=noninteractive\nFROM base-${GPU:+gpu-}${GPU:-cpu} AS app\n"
        'RUN apt-get install -y tzdata\nCMD ["app"]\n'
    )
    assert [v.fix for v in violations("SZ704", text)] == [None]


def test_a_base_completed_by_the_images_built_on_it_keeps_the_env():
    base = (
        "FROM ubuntu:24.04\nENV DEBIAN_FRONTEND=noninteractive\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends tini sudo\n"
        "COPY start.sh run-hooks.sh /usr/local/bin/\n"
        'ENTRYPOINT ["tini", "-g", "--", "start.sh"]\n'
    )
    hooks = "RUN mkdir /usr/local/bin/start-app.d /usr/local/bin/before-app.d\n"
    assert found("SZ704", base + hooks) == []
    message = (
        "`DEBIAN_FRONTEND` only matters while the image builds: set it with ARG so the container does not inherit it"
    )
    # a command of its own, or no hook directories: an application
    assert found("SZ704", base + hooks + 'CMD ["start-app"]\n') == [("2:5-2:20", message)]
    assert found("SZ704", base + "RUN mkdir /usr/local/bin/data\n") == [("2:5-2:20", message)]
