from ruletest import found

SCHEMA = {"license": "spdx", "other": "text"}


def test_invalid_values():
    text = (
        "FROM alpine:3.20\n"
        'LABEL license="Apache license v2"\n'
        'LABEL license="MIT AND"\n'
        'LABEL license="Apache-2.0 or MIT"\n'
        'LABEL license="(MIT"\n'
    )
    assert found("DL3054", text, label_schema=SCHEMA) == [
        ("2:15-2:34", "Label `license` must be an SPDX license expression, not `Apache license v2`"),
        ("3:15-3:24", "Label `license` must be an SPDX license expression, not `MIT AND`"),
        ("4:15-4:34", "Label `license` must be an SPDX license expression, not `Apache-2.0 or MIT`"),
        ("5:15-5:21", "Label `license` must be an SPDX license expression, not `(MIT`"),
    ]


def test_valid_values():
    text = (
        "FROM alpine:3.20\n"
        'LABEL license="MIT"\n'
        'LABEL license="Apache-2.0 OR MIT"\n'
        'LABEL license="(MIT OR Apache-2.0) AND BSD-3-Clause"\n'
        'LABEL license="GPL-2.0-only WITH Classpath-exception-2.0"\n'
        'LABEL license="LicenseRef-acme"\n'
    )
    assert found("DL3054", text, label_schema=SCHEMA) == []


def test_only_keys_of_that_type_and_known_values_are_checked():
    text = "FROM alpine:3.20\nARG V\nLABEL other=nope unlisted=nope license=$V license=\n"
    assert found("DL3054", text, label_schema=SCHEMA) == []
    assert found("DL3054", 'FROM alpine:3.20\nLABEL license="Apache license v2"\n') == []
