from ruletest import found
from stanzalint.config import Config
from stanzalint.engine import lint

MSG = "Inline ignore pragma; record the exception in the configuration instead"


def test_inline_pragmas_of_hadolint_and_stanzalint():
    text = (
        "# hadolint global ignore=DL3006\n"
        "FROM alpine\n"
        "# hadolint ignore=DL3018\n"
        "RUN apk add curl\n"
        "# stanzalint: ignore=DL3018\n"
        "RUN apk add git\n"
        "# hadolint ignore=DL3018,DL3019\n"
        "RUN apk add vim\n"
        "RUN true # hadolint ignore=DL3018\n"
        "#hadolint ignore=DL3059\n"
        "RUN true\n"
    )
    assert found("DL1001", text) == [
        ("3:1-3:25", MSG),
        ("5:1-5:28", MSG),
        ("7:1-7:32", MSG),
        ("10:1-10:24", MSG),
    ]


def test_global_pragmas_and_plain_comments_are_clean():
    text = (
        "# stanzalint: global ignore=DL3008\n"
        "# hadolint global ignore=DL3006\n"
        "FROM alpine\n"
        "# install the tools\n"
        "RUN apk add --no-cache curl\n"
    )
    assert found("DL1001", text) == []


def test_stage_pragma_is_inline():
    text = "FROM alpine:3.20\n# stanzalint: stage ignore=DL3018\nRUN apk add curl\n"
    assert found("DL1001", text) == [("2:1-2:34", MSG)]


def test_pragma_before_onbuild():
    text = "FROM alpine:3.20\n# hadolint ignore=DL3018\nONBUILD RUN apk add curl\n"
    assert found("DL1001", text) == [("2:1-2:25", MSG)]


def test_off_by_default():
    text = "FROM alpine:3.20\n# hadolint ignore=DL3018\nRUN apk add curl\n"
    result = lint(text, Config(shellcheck=False))
    assert [v.code for v in result.violations if v.code == "DL1001"] == []
