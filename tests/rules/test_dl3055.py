from ruletest import found

SCHEMA = {"sha": "hash", "other": "text"}


def test_invalid_values():
    text = (
        "FROM alpine:3.20\n"
        'LABEL sha="main"\n'
        'LABEL sha="ABCDEF1"\n'
        'LABEL sha="abc"\n'
        'LABEL sha="abcdefg"\n'
        'LABEL sha="0123456789abcdef0123456789abcdef012345678"\n'
    )
    assert found("DL3055", text, label_schema=SCHEMA) == [
        ("2:11-2:17", "Label `sha` must be a git commit hash, not `main`"),
        ("3:11-3:20", "Label `sha` must be a git commit hash, not `ABCDEF1`"),
        ("4:11-4:16", "Label `sha` must be a git commit hash, not `abc`"),
        ("5:11-5:20", "Label `sha` must be a git commit hash, not `abcdefg`"),
        ("6:11-6:54", "Label `sha` must be a git commit hash, not `0123456789abcdef0123456789abcdef012345678`"),
    ]


def test_valid_values():
    text = 'FROM alpine:3.20\nLABEL sha="abcdef1"\nLABEL sha="0123456789abcdef0123456789abcdef01234567"\n'
    assert found("DL3055", text, label_schema=SCHEMA) == []


def test_only_keys_of_that_type_and_known_values_are_checked():
    text = "FROM alpine:3.20\nARG V\nLABEL other=nope unlisted=nope sha=$V sha=\n"
    assert found("DL3055", text, label_schema=SCHEMA) == []
    assert found("DL3055", 'FROM alpine:3.20\nLABEL sha="main"\n') == []
