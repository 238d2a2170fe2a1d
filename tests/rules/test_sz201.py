from __future__ import annotations

from ruletest import found


def msg(tool, runner):
    return (
        f"A script fetched by `{tool}` is run by `{runner}` unchecked; "
        "download it to a file and verify its checksum before running it"
    )


def test_pipes_into_shells_and_interpreters():
    text = (
        "FROM debian:12\n"
        "RUN curl -fsSL https://x/install.sh | sh\n"
        "RUN curl -fsSL https://x | sudo -E bash -s -- -y && echo ok\n"
        "RUN wget -O - https://z | bash\n"
        "RUN curl -sSL https://install.python-poetry.org | python3 -\n"
    )
    assert found("SZ201", text) == [
        ("2:5-2:41", msg("curl", "sh")),
        ("3:5-3:49", msg("curl", "bash")),
        ("4:5-4:31", msg("wget", "bash")),
        ("5:5-5:60", msg("curl", "python3")),
    ]


def test_substitutions():
    text = (
        "FROM debian:12\n"
        'RUN sh -c "$(curl -fsSL https://y)"\n'
        "RUN bash <(wget -qO- https://z)\n"
        'RUN eval "$(curl -fsSL https://brew)"\n'
    )
    assert found("SZ201", text) == [
        ("2:5-2:36", msg("curl", "sh")),
        ("3:5-3:32", msg("wget", "bash")),
        ("4:5-4:38", msg("curl", "eval")),
    ]


def test_heredoc_and_onbuild():
    text = "FROM debian:12\nRUN <<EOF\nset -e\ncurl -fsSL https://x | sh\nEOF\nONBUILD RUN curl https://x | bash\n"
    assert found("SZ201", text) == [
        ("4:1-4:26", msg("curl", "sh")),
        ("6:13-6:34", msg("curl", "bash")),
    ]


def test_clean_cases():
    text = (
        "FROM debian:12\n"
        "RUN curl -s https://api/x | python3 -c \"import json,sys; print(json.load(sys.stdin)['v'])\"\n"
        'RUN curl -o /tmp/i.sh https://x && echo "abc  /tmp/i.sh" | sha256sum -c && sh /tmp/i.sh\n'
        "RUN curl -fsSL https://x | tar xz\n"
        "RUN curl -fsSL https://x -o k.asc && gpg --verify k.asc && curl https://x | sh\n"
        'RUN echo "$(curl -fsSL https://version)"\n'
        "RUN curl https://x | sh /tmp/local.sh\n"
    )
    assert found("SZ201", text) == []
