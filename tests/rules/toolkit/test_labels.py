from stanzalint.rules.toolkit.labels import (
    is_email,
    is_git_hash,
    is_rfc3339,
    is_semver,
    is_spdx,
    is_url,
    labels,
    typed_value_check,
)
from toolkit_input import rule_context


def test_value_checks():
    assert is_url("https://example.com/x") and not is_url("example.com")
    assert is_rfc3339("2024-02-29T23:59:60Z") and not is_rfc3339("2023-02-29T00:00:00Z")
    assert not is_rfc3339("2024-01-01 00:00:00Z")
    assert is_semver("1.2.3-rc.1+b5") and not is_semver("01.2.3")
    assert is_git_hash("a1b2c3d") and not is_git_hash("A1B2C3D")
    assert is_email("a.b@example.org") and not is_email("a@")
    assert is_spdx("(MIT OR Apache-2.0) AND BSD-3-Clause") and not is_spdx("(MIT")


def test_labels_resolve_keys_and_values():
    ctx = rule_context('FROM a\nARG V=1.0\nLABEL version="$V" "maintainer"=me\n')
    assert [(key, value) for _ins, _k, _v, key, value in labels(ctx)] == [("version", "1.0"), ("maintainer", "me")]


def test_typed_value_check_reports_the_value_token():
    text = "FROM a\nLABEL url=nope other=nope\n"
    ctx = rule_context(text, "DL3052", label_schema={"url": "url"})
    found = list(typed_value_check(ctx, "url", is_url, "a URL"))
    assert [(text[v.span.start : v.span.end], v.message) for v in found] == [
        ("nope", "Label `url` must be a URL, not `nope`")
    ]
