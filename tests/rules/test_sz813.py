from ruletest import found


def test_flags_empty_and_invalid_results():
    text = "ARG TAG\nARG IMAGE\nFROM alpine:$TAG\nFROM $IMAGE\n"
    assert found("SZ813", text) == [
        (
            "3:6-3:17",
            "Without --build-arg, `alpine:$TAG` gives `alpine:`, not a valid image reference (invalid tag ''); give the ARG a default value",
        ),
        ("4:6-4:12", "Without --build-arg, `$IMAGE` is empty; give the ARG a default value"),
    ]


def test_defaults_stage_names_and_platform_args_are_clean():
    text = (
        "ARG TAG=3.20\nARG VARIANT=GPU\nARG BASE=alpine:${TAG}\n"
        "FROM $BASE AS build-gpu\nFROM build-${VARIANT}\nFROM busybox:${TARGETARCH:-x}\n"
    )
    assert found("SZ813", text) == []
