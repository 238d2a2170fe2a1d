from ruletest import found, violations


def test_flags_every_replaced_instruction_at_the_ignored_one():
    text = 'FROM python:3.12-slim\nCMD a\nENTRYPOINT ["x"]\nCMD b\nHEALTHCHECK NONE\nHEALTHCHECK CMD true\nCMD c\n'
    assert found("SZ809", text) == [
        ("2:1-2:4", "This CMD is ignored: a later CMD in the same stage replaces it"),
        ("4:1-4:4", "This CMD is ignored: a later CMD in the same stage replaces it"),
        ("5:1-5:12", "This HEALTHCHECK is ignored: a later HEALTHCHECK in the same stage replaces it"),
    ]
    first = violations("SZ809", text)[0]
    assert [(r.span.start, r.message) for r in first.related] == [(text.index("CMD b"), "the CMD that takes effect")]


def test_one_per_stage_and_onbuild_are_clean():
    text = "FROM a:1 AS x\nCMD a\nONBUILD CMD b\nFROM x\nCMD c\n"
    assert found("SZ809", text) == []
