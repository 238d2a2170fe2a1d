from __future__ import annotations

from ruletest import found


def test_copy_from_own_stage():
    text = "FROM alpine:3.20 AS a\nCOPY --from=a /x /y\nFROM alpine:3.20\nCOPY --from=a /x /y\n"
    assert found("DL3023", text) == [("2:13-2:14", "COPY --from names its own stage `a`")]
