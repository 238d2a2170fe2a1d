from ruletest import fixed, found

MSG = "`--platform=$TARGETPLATFORM` is the default for FROM; remove it"


def test_flags_and_fixes():
    text = "FROM --platform=$TARGETPLATFORM alpine:3.20\nFROM --platform=${TARGETPLATFORM} alpine:3.20 AS b\n"
    assert found("SZ811", text) == [
        ("1:6-1:32", MSG),
        ("2:6-2:34", "`--platform=${TARGETPLATFORM}` is the default for FROM; remove it"),
    ]
    assert fixed("SZ811", text) == "FROM alpine:3.20\nFROM alpine:3.20 AS b\n"


def test_other_platforms_are_clean():
    text = "FROM --platform=$BUILDPLATFORM a:1\nFROM --platform=linux/$TARGETARCH a:1\n"
    assert found("SZ811", text) == []
