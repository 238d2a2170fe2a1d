from ruletest import config_for, fixed, found, rule_work

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


def _checked(text: str) -> list[tuple[int, str]]:
    """(line, message) of each finding of the rule's own check, before the experimental switch
    of ``# check=`` is applied (a byte order mark leaves no line for the directive)."""
    from stanzalint.engine import prepare
    from stanzalint.rules import get
    from stanzalint.rules.base import RuleContext
    from stanzalint.rules.lint_facts import LintFacts

    config = config_for(["SZ818"])
    dockerfile, analysis = prepare(text, config)
    ctx = RuleContext(get("SZ818"), LintFacts(dockerfile, analysis, config))
    return [(dockerfile.lines.position(v.span.start)[0], v.message) for v in ctx.rule.check(ctx)]


def test_a_description_indented_or_after_a_byte_order_mark_is_read():
    text = "\ufeff# compile\nFROM golang:1.23 AS build\n  \t# the version\nARG VERSION=1\nARG B\n"
    assert _checked(text) == [
        (
            1,
            "The comment right above FROM describes the stage: start it with `# build ...`, or put an empty line between",
        ),
        (
            3,
            "The comment right above ARG describes the argument: start it with `# VERSION ...`, or put an empty line between",
        ),
    ]


def test_the_comments_are_not_searched_above_an_instruction_without_one():
    def work(comment_lines: int) -> int:
        text = "".join(f"# note {i}\n" for i in range(comment_lines)) + "\nFROM alpine:3.20 AS base\n"
        return rule_work("SZ818", text + "".join(f"ARG A{i}=1\n" for i in range(50)))

    assert work(400) == work(10)
