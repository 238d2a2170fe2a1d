from stanzalint.rules.toolkit.reports import parser_issues, repeated
from toolkit_input import rule_context


def test_parser_issues_of_the_rules_own_code():
    ctx = rule_context("FROM a\nFOO bar\n", "SZ001")
    assert [(v.code, ctx.text[v.span.start : v.span.end]) for v in parser_issues(ctx)] == [("SZ001", "FOO")]
    assert list(parser_issues(rule_context("FROM a\nFOO bar\n", "SZ002"))) == []


def test_repeated_points_back_at_the_earlier_instruction():
    text = "FROM a\nCMD one\nCMD two\nFROM b\nCMD three\n"
    ctx = rule_context(text, "DL4003")
    found = list(repeated(ctx, "CMD", "Only the last CMD takes effect"))
    assert [(v.span.start, v.related[0].span.start, v.related[0].message) for v in found] == [
        (text.index("CMD two"), text.index("CMD one"), "earlier CMD, overridden")
    ]
