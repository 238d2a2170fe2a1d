from ruletest import found

SCHEMA = {"author": "text", "url": "url"}


def test_labels_outside_a_strict_schema():
    text = (
        "FROM alpine:3.20 AS build\n"
        "LABEL author=me extra=1\n"
        "FROM build\n"
        'LABEL "url"="https://x.org" \\\n'
        "      org.example.note=hi\n"
        "ONBUILD LABEL other=1\n"
    )
    assert found("DL3050", text, label_schema=SCHEMA, strict_labels=True) == [
        ("2:17-2:22", "Label `extra` is not in the label schema"),
        ("5:7-5:23", "Label `org.example.note` is not in the label schema"),
        ("6:15-6:20", "Label `other` is not in the label schema"),
    ]


def test_schema_labels_are_clean():
    text = "FROM alpine:3.20\nLABEL author=me url=https://x.org\n"
    assert found("DL3050", text, label_schema=SCHEMA, strict_labels=True) == []


def test_silent_unless_strict():
    text = "FROM alpine:3.20\nLABEL extra=1\n"
    assert found("DL3050", text, label_schema=SCHEMA) == []
    assert found("DL3050", text, strict_labels=True) == []
