from ruletest import found

MSG = "Relative WORKDIR `app` depends on the base image's working directory; use an absolute path"


def test_flags_first_relative_workdir_only():
    text = "FROM node:22-slim\nWORKDIR app\nWORKDIR src\n"
    assert found("SZ807", text) == [("2:9-2:12", MSG)]


def test_relative_after_absolute_and_in_child_stage_is_clean():
    text = "FROM node:22-slim AS base\nWORKDIR /srv\nWORKDIR app\nFROM base\nWORKDIR lib\n"
    assert found("SZ807", text) == []


def test_resolves_variables_and_accepts_windows_paths():
    text = "FROM alpine:3.20\nARG D=app\nWORKDIR $D\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\\\app\n"
    assert found("SZ807", text) == [("3:9-3:11", MSG)]


def test_each_unrelated_stage_is_checked():
    text = "FROM alpine:3.20\nWORKDIR /a\nFROM alpine:3.20\nWORKDIR app\n"
    assert found("SZ807", text) == [("4:9-4:12", MSG)]
