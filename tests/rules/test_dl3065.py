from ruletest import fixed, found

MSG = "--platform=$TARGETPLATFORM is the default; remove it"


def test_findings():
    text = (
        "FROM --platform=$TARGETPLATFORM alpine:3.20 AS a\n"
        "FROM --platform=${TARGETPLATFORM} alpine:3.20\n"
        'FROM --platform="$TARGETPLATFORM" alpine:3.20\n'
        "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n"
        "FROM --platform=linux/amd64 alpine:3.20\n"
        "FROM --platform=${TARGETPLATFORM:-linux/amd64} alpine:3.20\n"
        "FROM alpine:3.20\n"
    )
    assert found("DL3065", text) == [
        ("1:6-1:32", MSG),
        ("2:6-2:34", MSG),
        ("3:6-3:34", MSG),
    ]


def test_fix_removes_flag():
    text = "FROM --platform=$TARGETPLATFORM alpine:3.20 AS a\nFROM --platform=$BUILDPLATFORM a\n"
    assert fixed("DL3065", text) == "FROM alpine:3.20 AS a\nFROM --platform=$BUILDPLATFORM a\n"


def test_fix_crlf_and_continuation():
    text = "FROM --platform=${TARGETPLATFORM} \\\r\n    alpine:3.20\r\nRUN true\r\n"
    assert fixed("DL3065", text) == "FROM \\\r\n    alpine:3.20\r\nRUN true\r\n"


def test_fix_backtick_escape_multistage():
    text = "# escape=`\nFROM golang:1.23 AS build\nFROM --platform=$TARGETPLATFORM `\n    mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY --from=build /app /app\n"
    assert (
        fixed("DL3065", text)
        == "# escape=`\nFROM golang:1.23 AS build\nFROM `\n    mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY --from=build /app /app\n"
    )
