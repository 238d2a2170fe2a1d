from __future__ import annotations

from ruletest import found


def msg(key: str) -> str:
    return f"Label key `{key}` does not follow the lower-case, reverse-DNS key format"


def test_bad_label_keys():
    text = "FROM alpine:3.20\nLABEL Bad_Key=1 org.example.ok=2 com.docker.x=3 .bad=4\n"
    assert found("DL3048", text) == [
        ("2:7-2:14", msg("Bad_Key")),
        ("2:34-2:46", msg("com.docker.x")),
        ("2:49-2:53", msg(".bad")),
    ]


def test_good_keys_clean():
    assert found("DL3048", "FROM alpine:3.20\nLABEL org.opencontainers.image.title=x version=1\n") == []


def test_the_key_is_checked_after_expansion():
    text = "FROM alpine:3.20\nARG suffix=.Bad\nLABEL app$suffix=x\nLABEL invalid$character=x\n"
    assert found("DL3048", text) == [
        ("3:7-3:17", "Label key `app.Bad` does not follow the lower-case, reverse-DNS key format")
    ]
