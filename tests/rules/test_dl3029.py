from __future__ import annotations

from ruletest import found


def test_constant_platform_flagged_build_args_clean():
    text = (
        "FROM --platform=linux/amd64 alpine:3.20\n"
        "FROM --platform=$BUILDPLATFORM alpine:3.20\n"
        "FROM --platform=${TARGETPLATFORM} alpine:3.20\n"
    )
    assert found("DL3029", text) == [
        ("1:6-1:28", "The stage is pinned to platform `linux/amd64`; derive it from $BUILDPLATFORM or drop it"),
    ]
