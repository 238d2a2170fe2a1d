from ruletest import fixed, found

NO_USER = "The final stage never sets USER: containers from this image run as root (base `{}`)"
BACK_TO_ROOT = "The final stage switches back to root here, so the container runs as root"


def test_no_user_creates_one_in_debian_form_before_cmd():
    text = 'FROM python:3.12-slim\nRUN pip install x\nCMD ["python"]\n'
    assert found("SZ501", text) == [("1:1-1:22", NO_USER.format("python:3.12-slim"))]
    assert fixed("SZ501", text, unsafe=True) == (
        'FROM python:3.12-slim\nRUN pip install x\n'
        'RUN useradd --system --create-home --uid 10001 app\nUSER 10001\nCMD ["python"]\n'
    )


def test_alpine_form_appended_at_end():
    text = "FROM alpine:3.20\nRUN apk add --no-cache tini\nCMD tini\nWORKDIR /srv\n"
    assert fixed("SZ501", text, unsafe=True) == (
        "FROM alpine:3.20\nRUN apk add --no-cache tini\nCMD tini\nWORKDIR /srv\n"
        "RUN addgroup -S -g 10001 app && adduser -S -u 10001 -G app app\nUSER 10001\n"
    )


def test_user_root_inherited_chain_uses_created_user():
    text = "FROM debian:12 AS base\nRUN useradd -m bob\nCMD python3\nFROM base\nUSER root\nRUN apt-get update\n"
    assert found("SZ501", text) == [("5:6-5:10", BACK_TO_ROOT)]
    assert fixed("SZ501", text, unsafe=True) == text + "USER bob\n"


def test_user_set_in_parent_stage_is_inherited():
    assert found("SZ501", "FROM debian:12 AS base\nUSER nobody\nFROM base\nRUN id\n") == []


def test_builder_stage_is_not_blamed():
    assert found("SZ501", "FROM golang:1.22 AS build\nRUN go build\nFROM debian:12\nUSER 1000:1000\n") == []


def test_nonroot_base_and_variable_user():
    assert found("SZ501", "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY x /x\n") == []
    assert found("SZ501", "FROM debian:12\nARG U\nUSER $U\n") == []


def test_scratch_crlf_numeric_user():
    text = 'FROM scratch\r\nCOPY x /x\r\nENTRYPOINT ["/x"]\r\n'
    assert found("SZ501", text) == [("1:1-1:13", NO_USER.format("scratch"))]
    assert fixed("SZ501", text, unsafe=True) == 'FROM scratch\r\nCOPY x /x\r\nUSER 65532:65532\r\nENTRYPOINT ["/x"]\r\n'


def test_onbuild_user_does_not_count_and_unknown_family_has_no_fix():
    text = "FROM example.com/base:1\nONBUILD USER app\n"
    assert found("SZ501", text) == [("1:1-1:24", NO_USER.format("example.com/base:1"))]


def test_escape_backtick_append_user_of_created_user():
    text = "# escape=`\nFROM ubuntu:24.04\nRUN useradd `\n    --create-home analyst\nEXPOSE 8888\nCMD python3\n"
    assert fixed("SZ501", text, unsafe=True) == (
        "# escape=`\nFROM ubuntu:24.04\nRUN useradd `\n    --create-home analyst\nUSER analyst\nEXPOSE 8888\nCMD python3\n"
    )


def test_build_environment_windows_and_file_carrier_are_skipped():
    assert found("SZ501", "FROM ubuntu:24.04\nRUN apt-get install -y build-essential\n") == []
    assert found("SZ501", "FROM mcr.microsoft.com/dotnet/framework/runtime:4.8\nCMD app.exe\n") == []
    assert found("SZ501", "FROM scratch\nCOPY deno /deno\n") == []
