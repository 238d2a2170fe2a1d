from __future__ import annotations

from ruletest import found


def test_forbidden_onbuild_triggers():
    text = "FROM alpine:3.20\nONBUILD FROM x\nONBUILD ONBUILD RUN x\nONBUILD MAINTAINER me\nONBUILD RUN ok\n"
    assert found("DL3043", text) == [
        ("2:9-2:13", "FROM cannot be an ONBUILD trigger"),
        ("3:9-3:16", "ONBUILD cannot be an ONBUILD trigger"),
        ("4:9-4:19", "MAINTAINER cannot be an ONBUILD trigger"),
    ]
