from __future__ import annotations

from ruletest import found


def test_download_tools():
    text = (
        "FROM debian:12\n"
        "RUN curl -fsSLk https://x -o f && curl --insecure https://y -o g\n"
        "RUN wget --no-check-certificate https://x\n"
    )
    assert found("SZ203", text) == [
        ("2:10-2:16", "`curl` is told to accept any certificate"),
        ("2:40-2:50", "`curl` is told to accept any certificate"),
        ("3:10-3:32", "`wget --no-check-certificate` accepts any certificate"),
    ]


def test_package_managers():
    text = (
        "FROM debian:12\n"
        "RUN python -m pip install --trusted-host pypi.org -r r.txt\n"
        "RUN apt-get install -y --allow-unauthenticated x && apt-get -o Acquire::https::Verify-Peer=false update\n"
        "RUN npm config set strict-ssl false && yarn config set strict-ssl false\n"
        "RUN conda config --set ssl_verify false\n"
        "RUN git -c http.sslVerify=false clone https://x && git config --global http.sslVerify false\n"
        "RUN dnf install -y --nogpgcheck x && apk add --allow-untrusted x\n"
    )
    assert found("SZ203", text) == [
        ("2:27-2:41", "`--trusted-host` makes pip skip certificate checks for that host"),
        ("3:24-3:47", "`--allow-unauthenticated` installs packages whose signatures were not checked"),
        ("3:64-3:97", "this apt option turns off TLS or signature checks"),
        ("4:20-4:30", "npm is told to accept any certificate"),
        ("4:56-4:66", "yarn is told to accept any certificate"),
        ("5:24-5:34", "conda is configured to accept any certificate"),
        ("6:12-6:32", "git is told to accept any certificate"),
        ("6:72-6:86", "git is configured to accept any certificate"),
        ("7:20-7:32", "`--nogpgcheck` installs packages whose signatures were not checked"),
        ("7:46-7:63", "`apk --allow-untrusted` installs packages whose signatures were not checked"),
    ]


def test_variables_in_env_and_run():
    text = (
        "FROM node:22\n"
        "ENV GIT_SSL_NO_VERIFY=1 A=b\n"
        "ENV PYTHONHTTPSVERIFY 0\n"
        "RUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci && export PIP_TRUSTED_HOST=pypi.org\n"
        "ONBUILD ENV NODE_TLS_REJECT_UNAUTHORIZED=0\n"
    )
    assert found("SZ203", text) == [
        ("2:5-2:24", "`GIT_SSL_NO_VERIFY` makes git skip certificate checks"),
        ("3:5-3:24", "`PYTHONHTTPSVERIFY=0` turns off certificate checks in Python's urllib"),
        ("4:5-4:35", "`NODE_TLS_REJECT_UNAUTHORIZED=0` makes Node.js accept any certificate"),
        ("4:53-4:78", "`PIP_TRUSTED_HOST` makes pip skip certificate checks for those hosts"),
        ("5:13-5:43", "`NODE_TLS_REJECT_UNAUTHORIZED=0` makes Node.js accept any certificate"),
    ]


def test_clean_cases():
    text = (
        "FROM debian:12\n"
        "RUN curl -fsSL https://x -o f && wget -q https://y\n"
        "RUN npm config set strict-ssl true && git config --global http.sslVerify true\n"
        "ENV NODE_TLS_REJECT_UNAUTHORIZED=1 PYTHONHTTPSVERIFY=1\n"
        "RUN pip install -r r.txt && apk add --no-cache x\n"
    )
    assert found("SZ203", text) == []


def test_local_package_files_are_not_flagged():
    text = "FROM alpine:3.20\nRUN apk add --no-cache --allow-untrusted /tmp/packages/*.apk\nRUN dnf install -y --nogpgcheck ./x.rpm\n"
    assert found("SZ203", text) == []


def test_download_verified_by_checksum_in_the_same_run():
    text = (
        "FROM debian:12\n"
        "ARG SUM=0123\n"
        'RUN wget --no-check-certificate https://x/a.vsix && echo "$SUM a.vsix" | sha256sum -c -\n'
        "RUN curl -k https://x/b -o b && gpg --verify b.asc b\n"
        "RUN sha256sum -c sums && curl -k https://x/c -o c\n"
    )
    assert found("SZ203", text) == [("5:31-5:33", "`curl` is told to accept any certificate")]


def test_whether_a_later_command_verifies_the_downloads_is_read_once_per_run(monkeypatch):
    from stanzalint.rules import sz203

    asked = []
    verifies = sz203.verifies_download
    monkeypatch.setattr(sz203, "verifies_download", lambda cmd: asked.append(cmd.name) or verifies(cmd))
    text = (
        "FROM debian:12\n"
        "RUN curl -k https://x/a -o a && wget --no-check-certificate https://x/b && sha256sum -c sums && "
        "curl -k https://x/c -o c && echo done\n"
        "RUN echo no download && make\n"
    )
    assert found("SZ203", text) == [("2:102-2:104", "`curl` is told to accept any certificate")]
    assert asked == ["echo", "curl", "sha256sum"]  # from the end of the first RUN to its last verifying command
