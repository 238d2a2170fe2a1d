"""A file without FROM (a fragment a script pastes into a stage) is one group with the context a
stage has: its ENV, SHELL and WORKDIR apply to what follows, and the stage rules check it."""

from __future__ import annotations

from ruletest import found


def test_dl3010_archive_copied_then_extracted():
    text = "COPY app.tar.gz /tmp/app.tar.gz\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n"
    assert found("DL3010", text) == [
        ("1:6-1:16", "This archive is unpacked by a later RUN; ADD unpacks it in one layer")
    ]


def test_dl3022_copy_from_a_stage_the_fragment_does_not_define():
    assert found("DL3022", "COPY --from=builder /out /out\n") == [
        ("1:13-1:20", "No earlier stage is named `builder`; BuildKit would pull it as an image"),
    ]


def test_dl3044_an_earlier_env_of_the_fragment_gives_the_value():
    assert found("DL3044", "ENV A=0\nENV A=1 B=${A}/bin\n") == []
    assert found("DL3044", "ENV A=1 B=${A}/bin\n") == [
        ("1:11-1:15", "`A` is set in this same ENV and has no earlier value; it expands to nothing here"),
    ]


def test_dl3045_relative_destination_and_the_fragments_workdir():
    assert found("DL3045", "COPY app.py app/\n") == [
        ("1:13-1:17", "`app/` is relative and no WORKDIR is set in this stage")
    ]
    assert found("DL3045", "WORKDIR /srv\nCOPY app.py app/\n") == []


def test_dl3067_copy_of_a_whole_filesystem():
    assert found("DL3067", "COPY --from=builder / /\n") == [
        ("1:21-1:22", "Copies the whole filesystem of `builder`; copy only the files the image needs"),
    ]


def test_the_fragments_shell_applies_to_later_runs():
    assert found("DL3008", 'SHELL ["pwsh", "-Command"]\nRUN apt-get install -y curl\n') == []
    assert found("DL3008", "RUN apt-get install -y curl\n") == [
        ("1:24-1:28", "Pin the version of `curl` (`curl=<version>`)")
    ]


def test_the_fragments_env_applies_to_later_runs():
    assert found("DL3042", "ENV PIP_NO_CACHE_DIR=1\nRUN pip install requests==2.32.3\n") == []


def test_dl3023_a_fragment_has_no_stage_to_copy_from_itself():
    assert found("DL3023", "COPY --from=minio/mc:RELEASE.2025-01-17T23-25-50Z /bin/mc /usr/local/bin/mc\n") == []
    assert found("DL3023", "COPY --from=builder /out /out\n") == []
