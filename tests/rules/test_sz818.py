from ruletest import fixed, found

EXP = "# check=experimental=InvalidDefinitionDescription\n"


def test_flags_comments_that_do_not_name_the_definition():
    text = EXP + "# compile the server\nFROM golang:1.23 AS build\n# the version\nARG VERSION=1 OTHER\n"
    assert found("SZ818", text) == [
        (
            "3:1-3:5",
            "The comment right above FROM describes the stage: start it with `# build ...`, or put an empty line between",
        ),
        (
            "5:1-5:4",
            "The comment right above ARG describes the argument: start it with `# <name> ...`, or put an empty line between",
        ),
    ]


def test_descriptions_separated_and_reset_comments_are_clean():
    text = (
        EXP + "# build compiles the server\nFROM golang:1.23 AS build\n# VERSION picks the release\nARG VERSION=1\n"
        "# a note\n\nARG B\n# a note\n#\nARG C\nFROM alpine:3.20\n"
    )
    assert found("SZ818", text) == []


def test_off_without_the_experimental_directive():
    assert found("SZ818", "# compile\nFROM golang:1.23 AS build\n") == []


def test_fix_inserts_an_empty_line():
    text = EXP + "# compile the server\r\nFROM golang:1.23 AS build\r\n"
    assert fixed("SZ818", text) == EXP + "# compile the server\r\n\r\nFROM golang:1.23 AS build\r\n"
