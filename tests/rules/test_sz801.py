from ruletest import fixed, found

MSG = "Write the stage name `Builder` in lower case"


def test_flags_upper_case_stage_name():
    assert found("SZ801", "FROM golang:1.23 AS Builder\n") == [("1:21-1:28", MSG)]


def test_lower_case_and_unnamed_stages_are_clean():
    assert found("SZ801", "FROM golang:1.23 AS builder\nFROM alpine:3.20\n") == []


def test_fix_renames_every_reference():
    text = (
        "FROM golang:1.23 AS Builder\n"
        "FROM Builder AS test\n"
        "RUN --mount=type=cache,target=/c,from=Builder,source=/go ls /c\n"
        "FROM alpine:3.20\n"
        "COPY --from=Builder /out/app /app\n"
        "ONBUILD COPY --from=BUILDER /x /x\n"
    )
    assert fixed("SZ801", text) == text.replace("Builder", "builder").replace("BUILDER", "builder")


def test_crlf_and_escape_directive():
    text = "# escape=`\r\nFROM alpine:3.20 AS Base\r\nCOPY --from=Base /a /b\r\n"
    assert fixed("SZ801", text) == "# escape=`\r\nFROM alpine:3.20 AS base\r\nCOPY --from=base /a /b\r\n"
