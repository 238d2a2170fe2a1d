from ruletest import found


def test_flags_reserved_names_in_any_case():
    text = "FROM alpine:3.20 AS scratch\nFROM alpine:3.20 AS Context\n"
    assert found("SZ805", text) == [
        ("1:21-1:28", "`scratch` is a reserved name in BuildKit; give the stage another name"),
        ("2:21-2:28", "`Context` is a reserved name in BuildKit; give the stage another name"),
    ]


def test_from_scratch_is_clean():
    assert found("SZ805", "FROM scratch\nFROM scratch AS base\nFROM alpine:3 AS ctx\n") == []
