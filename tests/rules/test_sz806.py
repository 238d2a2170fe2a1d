from ruletest import found


def test_flags_undeclared_with_suggestion():
    text = "ARG PYTHON_VERSION=3.12\nFROM python:${PYTON_VERSION}-slim\n"
    assert found("SZ806", text) == [
        (
            "2:13-2:29",
            "`$PYTON_VERSION` is not declared by an ARG before the first FROM, so it is empty here"
            " (did you mean `$PYTHON_VERSION`?)",
        )
    ]


def test_flags_stage_arg_and_platform_flag():
    text = "FROM alpine:3.20\nARG TAG=1\nFROM --platform=$PLAT alpine:$TAG\n"
    assert found("SZ806", text) == [
        ("3:17-3:22", "`$PLAT` is not declared by an ARG before the first FROM, so it is empty here"),
        ("3:30-3:34", "`$TAG` is not declared by an ARG before the first FROM, so it is empty here"),
    ]


def test_declared_and_platform_args_are_clean():
    text = (
        "ARG BASE\nFROM --platform=$BUILDPLATFORM ${BASE:-alpine}\nFROM --platform=$TARGETPLATFORM alpine:$TARGETARCH\n"
    )
    assert found("SZ806", text) == []
