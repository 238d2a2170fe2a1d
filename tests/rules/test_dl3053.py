from ruletest import found

SCHEMA = {"created": "rfc3339", "other": "text"}


def test_invalid_values():
    text = (
        "FROM alpine:3.20\n"
        'LABEL created="2024-01-02"\n'
        'LABEL created="2024-01-02T03:04:05"\n'
        'LABEL created="2024-01-02 03:04:05Z"\n'
        'LABEL created="2024-13-02T03:04:05Z"\n'
        'LABEL created="2024-02-30T03:04:05Z"\n'
        'LABEL created="2024-01-02T25:04:05Z"\n'
    )
    assert found("DL3053", text, label_schema=SCHEMA) == [
        ("2:15-2:27", "Label `created` must be an RFC 3339 date-time, not `2024-01-02`"),
        ("3:15-3:36", "Label `created` must be an RFC 3339 date-time, not `2024-01-02T03:04:05`"),
        ("4:15-4:37", "Label `created` must be an RFC 3339 date-time, not `2024-01-02 03:04:05Z`"),
        ("5:15-5:37", "Label `created` must be an RFC 3339 date-time, not `2024-13-02T03:04:05Z`"),
        ("6:15-6:37", "Label `created` must be an RFC 3339 date-time, not `2024-02-30T03:04:05Z`"),
        ("7:15-7:37", "Label `created` must be an RFC 3339 date-time, not `2024-01-02T25:04:05Z`"),
    ]


def test_valid_values():
    text = (
        "FROM alpine:3.20\n"
        'LABEL created="2024-01-02T03:04:05Z"\n'
        'LABEL created="2024-01-02T03:04:05.123+01:00"\n'
        'LABEL created="2024-01-02t03:04:05z"\n'
        'LABEL created="2016-12-31T23:59:60Z"\n'
    )
    assert found("DL3053", text, label_schema=SCHEMA) == []


def test_only_keys_of_that_type_and_known_values_are_checked():
    text = "FROM alpine:3.20\nARG V\nLABEL other=nope unlisted=nope created=$V created=\n"
    assert found("DL3053", text, label_schema=SCHEMA) == []
    assert found("DL3053", 'FROM alpine:3.20\nLABEL created="2024-01-02"\n') == []
