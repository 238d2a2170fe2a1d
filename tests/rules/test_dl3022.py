from __future__ import annotations

from ruletest import found


def test_unknown_stage_name_flagged_images_indexes_and_stages_clean():
    text = (
        "FROM alpine:3.20 AS a\n"
        "FROM alpine:3.20\n"
        "COPY --from=b /x /y\n"
        "COPY --from=a /x /y\n"
        "COPY --from=0 /x /y\n"
        "COPY --from=org/img:1 /x /y\n"
    )
    assert found("DL3022", text) == [("3:13-3:14", "No earlier stage is named `b`; BuildKit would pull it as an image")]
