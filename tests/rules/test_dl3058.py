from ruletest import found

SCHEMA = {"email": "email", "other": "text"}


def test_invalid_values():
    text = (
        'FROM alpine:3.20\nLABEL email="nobody"\nLABEL email="A B <a@b.org>"\nLABEL email="a@"\nLABEL email="@b.org"\n'
    )
    assert found("DL3058", text, label_schema=SCHEMA) == [
        ("2:13-2:21", "Label `email` must be an email address, not `nobody`"),
        ("3:13-3:28", "Label `email` must be an email address, not `A B <a@b.org>`"),
        ("4:13-4:17", "Label `email` must be an email address, not `a@`"),
        ("5:13-5:21", "Label `email` must be an email address, not `@b.org`"),
    ]


def test_valid_values():
    text = (
        'FROM alpine:3.20\nLABEL email="a@b.org"\nLABEL email="a.b+c@x-y.example.com"\nLABEL email="root@localhost"\n'
    )
    assert found("DL3058", text, label_schema=SCHEMA) == []


def test_only_keys_of_that_type_and_known_values_are_checked():
    text = "FROM alpine:3.20\nARG V\nLABEL other=nope unlisted=nope email=$V email=\n"
    assert found("DL3058", text, label_schema=SCHEMA) == []
    assert found("DL3058", 'FROM alpine:3.20\nLABEL email="nobody"\n') == []
