from __future__ import annotations

from ruletest import fixed, found


def test_relative_workdir_flagged_with_fix_when_known():
    text = 'FROM alpine:3.20\nWORKDIR /srv\nWORKDIR app\nWORKDIR "x y"\n'
    assert found("DL3000", text) == [
        ("3:9-3:12", "Use an absolute path for WORKDIR, not `app`"),
        ("4:9-4:14", "Use an absolute path for WORKDIR, not `x y`"),
    ]
    assert fixed("DL3000", text) == 'FROM alpine:3.20\nWORKDIR /srv\nWORKDIR /srv/app\nWORKDIR "/srv/app/x y"\n'


def test_variables_and_absolute_paths_clean():
    text = "FROM alpine:3.20\nWORKDIR $HOME\nWORKDIR /x\nWORKDIR C:\\\\app\nWORKDIR ${X}/y\n"
    assert found("DL3000", text) == []


def test_inherited_workdir_through_stage():
    text = "FROM alpine:3.20 AS base\nWORKDIR /app\nFROM base\nWORKDIR sub\n"
    assert fixed("DL3000", text) == "FROM alpine:3.20 AS base\nWORKDIR /app\nFROM base\nWORKDIR /app/sub\n"


def test_unknown_base_directory_has_no_fix():
    assert found("DL3000", "FROM alpine:3.20\nWORKDIR rel\n") == [
        ("2:9-2:12", "Use an absolute path for WORKDIR, not `rel`")
    ]
