from __future__ import annotations

from ruletest import found


def test_archive_copied_then_unpacked():
    text = "FROM alpine:3.20\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n"
    assert found("DL3010", text) == [
        ("2:6-2:16", "This archive is unpacked by a later RUN; ADD unpacks it in one layer")
    ]


def test_archive_copied_and_kept_clean():
    assert found("DL3010", "FROM alpine:3.20\nCOPY app.tar.gz /srv/\n") == []


def test_relative_archive_path_is_read_against_workdir():
    text = "FROM debian:12\nCOPY app.tar /usr/src/app/\nWORKDIR /usr/src/app\nRUN tar -xf app.tar\n"
    assert found("DL3010", text) == [
        ("2:6-2:13", "This archive is unpacked by a later RUN; ADD unpacks it in one layer")
    ]


def test_relative_copy_destination_is_read_against_workdir():
    text = "FROM debian:12\nWORKDIR /srv\nCOPY app.tar.gz .\nRUN tar -xzf /srv/app.tar.gz && tar -xf other.tar\n"
    assert found("DL3010", text) == [
        ("3:6-3:16", "This archive is unpacked by a later RUN; ADD unpacks it in one layer")
    ]


def test_destination_without_slash_may_be_a_directory():
    text = "FROM debian:12\nCOPY app.tar /usr/src/app\nRUN tar -xf /usr/src/app/app.tar\n"
    assert found("DL3010", text) == [
        ("2:6-2:13", "This archive is unpacked by a later RUN; ADD unpacks it in one layer")
    ]


def test_unpacked_elsewhere_is_left_alone():
    text = "FROM debian:12\nCOPY app.tar /usr/src/app/\nWORKDIR /opt\nRUN tar -xf app.tar\n"
    assert found("DL3010", text) == []


def test_windows_paths():
    text = (
        "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY app.tar.gz C:\\app\\\n"
        "WORKDIR C:\\App\nRUN tar -xzf app.tar.gz\n"
    )
    assert found("DL3010", text) == [
        ("3:6-3:16", "This archive is unpacked by a later RUN; ADD unpacks it in one layer")
    ]
    absolute = (
        "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY app.tar.gz C:/app/\n"
        "RUN tar -xzf C:\\app\\app.tar.gz\n"
    )
    assert found("DL3010", absolute) == [
        ("3:6-3:16", "This archive is unpacked by a later RUN; ADD unpacks it in one layer")
    ]


def test_the_runs_before_an_archive_is_copied_are_not_read(run_lines_read):
    text = (
        "FROM debian:12\nRUN echo dl3010-a\nRUN tar -xf /a.tar.gz\nCOPY a.tar.gz /\nRUN echo dl3010-b\n"
        "RUN tar -xf /a.tar.gz\n"
    )
    assert found("DL3010", text) == [
        ("4:6-4:14", "This archive is unpacked by a later RUN; ADD unpacks it in one layer"),
    ]
    assert run_lines_read == [4, 5]
