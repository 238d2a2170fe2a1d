from ruletest import fixed, found


def test_flags_lower_as_after_upper_from():
    assert found("SZ802", "FROM python:3.12-slim as base\n") == [("1:23-1:25", "Write `as` as `AS` to match `FROM`")]


def test_flags_upper_as_after_lower_from():
    assert found("SZ802", "from python:3.12-slim AS base\n") == [("1:23-1:25", "Write `AS` as `as` to match `from`")]


def test_matching_and_mixed_case_from_are_clean():
    assert found("SZ802", "FROM a:1 AS x\nfrom b:1 as y\nFrom c:1 as z\nFROM d:1\n") == []


def test_fix():
    assert fixed("SZ802", "FROM a:1 as x\nfrom b:1 As y\n") == "FROM a:1 AS x\nfrom b:1 as y\n"
