from ruletest import found

SCHEMA = {"version": "semver", "other": "text"}


def test_invalid_values():
    text = (
        "FROM alpine:3.20\n"
        'LABEL version="latest"\n'
        'LABEL version="v1.2.3"\n'
        'LABEL version="1.2"\n'
        'LABEL version="01.2.3"\n'
    )
    assert found("DL3056", text, label_schema=SCHEMA) == [
        ("2:15-2:23", "Label `version` must be a semantic version, not `latest`"),
        ("3:15-3:23", "Label `version` must be a semantic version, not `v1.2.3`"),
        ("4:15-4:20", "Label `version` must be a semantic version, not `1.2`"),
        ("5:15-5:23", "Label `version` must be a semantic version, not `01.2.3`"),
    ]


def test_valid_values():
    text = 'FROM alpine:3.20\nLABEL version="1.2.3"\nLABEL version="0.1.0-rc.1+build.5"\nLABEL version="10.20.30"\n'
    assert found("DL3056", text, label_schema=SCHEMA) == []


def test_only_keys_of_that_type_and_known_values_are_checked():
    text = "FROM alpine:3.20\nARG V\nLABEL other=nope unlisted=nope version=$V version=\n"
    assert found("DL3056", text, label_schema=SCHEMA) == []
    assert found("DL3056", 'FROM alpine:3.20\nLABEL version="latest"\n') == []
