from ruletest import found


def msg(name):
    return f"`{name}` is a reserved word; give the stage another name"


def test_reserved_stage_names_any_case():
    text = (
        "FROM alpine:3.20 AS scratch\n"
        "FROM alpine:3.20 AS Context\n"
        "FROM alpine:3.20 as SCRATCH\n"
        "FROM alpine:3.20 AS scratchy\n"
        "FROM alpine:3.20 AS build-context\n"
        "FROM scratch\n"
    )
    assert found("DL3063", text) == [
        ("1:21-1:28", msg("scratch")),
        ("2:21-2:28", msg("Context")),
        ("3:21-3:28", msg("SCRATCH")),
    ]


def test_continued_from_line():
    text = "FROM alpine:3.20 \\\n  AS context\nRUN true\n"
    assert found("DL3063", text) == [("2:6-2:13", msg("context"))]
