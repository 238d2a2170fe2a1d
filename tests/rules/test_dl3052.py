from ruletest import found

SCHEMA = {"url": "url", "other": "text"}


def test_invalid_values():
    text = (
        "FROM alpine:3.20\n"
        'LABEL url="x.org"\n'
        'LABEL url="//x.org"\n'
        'LABEL url="http://"\n'
        'LABEL url="mailto:a@b.org"\n'
        'LABEL url="https://x.org/a b"\n'
    )
    assert found("DL3052", text, label_schema=SCHEMA) == [
        ("2:11-2:18", "Label `url` must be a URL, not `x.org`"),
        ("3:11-3:20", "Label `url` must be a URL, not `//x.org`"),
        ("4:11-4:20", "Label `url` must be a URL, not `http://`"),
        ("5:11-5:27", "Label `url` must be a URL, not `mailto:a@b.org`"),
        ("6:11-6:30", "Label `url` must be a URL, not `https://x.org/a b`"),
    ]


def test_valid_values():
    text = (
        "FROM alpine:3.20\n"
        'LABEL url="https://x.org/path?q=1"\n'
        'LABEL url="ftp://x.org"\n'
        'LABEL url="http://localhost:8080"\n'
    )
    assert found("DL3052", text, label_schema=SCHEMA) == []


def test_only_keys_of_that_type_and_known_values_are_checked():
    text = "FROM alpine:3.20\nARG V\nLABEL other=nope unlisted=nope url=$V url=\n"
    assert found("DL3052", text, label_schema=SCHEMA) == []
    assert found("DL3052", 'FROM alpine:3.20\nLABEL url="x.org"\n') == []


def test_values_resolved_from_args_onbuild_and_continuations():
    text = (
        "FROM alpine:3.20\n"
        "ARG HOME_PAGE=example.org\n"
        "ARG GOOD=https://example.org\n"
        "LABEL url=$HOME_PAGE \\\n"
        "      url=${GOOD}\n"
        'ONBUILD LABEL url="https://x.org"\n'
        "ONBUILD LABEL url=nope\n"
    )
    assert found("DL3052", text, label_schema=SCHEMA) == [
        ("4:11-4:21", "Label `url` must be a URL, not `example.org`"),
        ("7:19-7:23", "Label `url` must be a URL, not `nope`"),
    ]
