from ruletest import found


def test_findings_0():
    text = "FROM alpine:3.20\nRUN apk add --no-cache curl b=1 c~2 --virtual .deps d@edge ./x.apk\n"
    assert found("DL3018", text) == [
        ("2:24-2:28", "Pin the version of `curl` (`curl=<version>`)"),
        ("2:53-2:59", "Pin the version of `d` (`d=<version>@edge`)"),
    ]
