from ruletest import found

SCHEMA = {"author": "text", "url": "url", "version": "semver"}


def test_empty_schema_labels():
    text = 'FROM alpine:3.20\nLABEL author=""\nLABEL url=\nLABEL version " "\nLABEL other=""\nONBUILD LABEL author=""\n'
    assert found("DL3051", text, label_schema=SCHEMA) == [
        ("2:14-2:16", "Label `author` is empty"),
        ("3:7-3:10", "Label `url` is empty"),
        ("4:15-4:18", "Label `version` is empty"),
        ("6:22-6:24", "Label `author` is empty"),
    ]


def test_values_from_build_args_are_not_judged_empty():
    text = "FROM alpine:3.20\nARG V\nARG A=me\nLABEL version=$V author=${A}\n"
    assert found("DL3051", text, label_schema=SCHEMA) == []


def test_any_variable_reference_is_left_alone():
    text = 'FROM alpine:3.20\nARG A=""\nLABEL author=$A\n'
    assert found("DL3051", text, label_schema=SCHEMA) == []


def test_silent_without_schema():
    assert found("DL3051", 'FROM alpine:3.20\nLABEL author=""\n') == []
