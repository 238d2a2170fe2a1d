from ruletest import fixed, found, rule_work, through_memo

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


def test_typing_a_name_in_upper_case_and_back_finds_what_a_fresh_lint_finds():
    text = "FROM golang:1.23 AS builder\nRUN go build\nFROM alpine:3.20 AS app\nCOPY --from=builder /a /a\n"
    upper = text.replace("AS builder", "AS Builder")
    moved = upper.replace("go build", "go build ./...")  # the stages after the edit move
    app = text.replace("AS app", "AS App")
    assert through_memo("SZ801", [text, upper, moved, app, text]) == [[], ["Builder"], ["Builder"], ["App"], []]


def test_stages_named_in_lower_case_are_not_read():
    """The check reads the stages named in upper case (kept from the last parse), not every stage."""

    def stages(lower: int) -> str:
        return "FROM golang:1.23 AS builder\n" + "".join(f"FROM alpine:3.20 AS s{i}\n" for i in range(lower))

    assert rule_work("SZ801", stages(100)) == rule_work("SZ801", stages(2))
