from ruletest import found, through_memo


def test_flags_constant_platform():
    text = "FROM --platform=linux/amd64 golang:1.23 AS build\n"
    assert found("SZ814", text) == [
        ("1:17-1:28", "`--platform=linux/amd64` pins this stage to one platform; use a variable such as $BUILDPLATFORM")
    ]


def test_variables_and_names_mentioning_the_platform_are_clean():
    text = (
        "FROM --platform=$BUILDPLATFORM a:1\nFROM --platform=linux/$TARGETARCH a:1\n"
        "FROM --platform=linux/arm64 a:1 AS build-arm64\nFROM --platform=windows/amd64 a:1 AS win-amd64\n"
        "FROM --platform=linux/aarch64 a:1 AS jetson-arm64\n"
    )
    assert found("SZ814", text) == []


def test_arm64_for_jetson_images_is_clean():
    text = (
        "ARG JETPACK_VERSION=r36.2.0\n"
        "FROM --platform=linux/arm64 nvcr.io/nvidia/l4t-jetpack:${JETPACK_VERSION} AS cuda-6\n"
        "FROM --platform=linux/arm64 ubuntu:22.04 AS jetpack-runtime\n"
    )
    assert found("SZ814", text) == []


def test_other_platforms_for_jetson_images_are_flagged():
    text = "FROM --platform=linux/amd64 nvcr.io/nvidia/l4t-base:r32.7.1 AS cross\n"
    assert found("SZ814", text) == [
        ("1:17-1:28", "`--platform=linux/amd64` pins this stage to one platform; use a variable such as $BUILDPLATFORM")
    ]


def test_through_the_memo_an_edit_of_the_base_stage_s_image_gives_a_fresh_lint_s_findings():
    texts = [
        "FROM ubuntu:22.04 AS base\nRUN x\nFROM --platform=linux/arm64 base AS app\nRUN y\n",
        "FROM nvcr.io/nvidia/l4t-base:r32 AS base\nRUN x\nFROM --platform=linux/arm64 base AS app\nRUN y\n",
        "FROM nvcr.io/nvidia/l4t-base:r32 AS bas\nRUN x\nFROM --platform=linux/arm64 base AS app\nRUN y\n",
    ]
    assert through_memo("SZ814", texts) == [["linux/arm64"], [], ["linux/arm64"]]
