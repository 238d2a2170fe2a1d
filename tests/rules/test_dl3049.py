from ruletest import found

SCHEMA = {"author": "text", "url": "url"}


def missing(key):
    return f"Label `{key}` required by the label schema is missing"


def test_final_stage_missing_labels():
    text = "FROM alpine:3.20 AS build\nRUN true\nFROM alpine:3.20\nLABEL author=x\n"
    assert found("DL3049", text, label_schema=SCHEMA) == [("3:1-3:5", missing("url"))]


def test_single_stage_without_labels():
    assert found("DL3049", "FROM alpine:3.20\nRUN true\n", label_schema=SCHEMA) == [
        ("1:1-1:5", missing("author")),
        ("1:1-1:5", missing("url")),
    ]


def test_labels_inherited_through_from_stage():
    text = "FROM alpine:3.20 AS base\nLABEL author=x url=https://x.org\nFROM base\nRUN true\n"
    assert found("DL3049", text, label_schema=SCHEMA) == []


def test_labels_of_an_unrelated_builder_stage_do_not_count():
    text = "FROM alpine:3.20 AS build\nLABEL author=x url=https://x.org\nFROM alpine:3.20\nRUN true\n"
    assert found("DL3049", text, label_schema=SCHEMA) == [
        ("3:1-3:5", missing("author")),
        ("3:1-3:5", missing("url")),
    ]


def test_onbuild_labels_do_not_label_this_image():
    text = "FROM alpine:3.20\nONBUILD LABEL author=x url=https://x.org\n"
    assert found("DL3049", text, label_schema=SCHEMA) == [
        ("1:1-1:5", missing("author")),
        ("1:1-1:5", missing("url")),
    ]


def test_keys_quoted_from_args_and_legacy_form():
    text = 'FROM alpine:3.20\nARG K=url\nLABEL "author"="x" \\\n  $K=https://x.org\n'
    assert found("DL3049", text, label_schema=SCHEMA) == []
    assert found("DL3049", "FROM alpine:3.20\nLABEL author x y\n", label_schema=SCHEMA) == [("1:1-1:5", missing("url"))]


def test_silent_without_schema():
    assert found("DL3049", "FROM alpine:3.20\n") == []
