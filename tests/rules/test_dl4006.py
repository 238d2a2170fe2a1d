from ruletest import fixed, found


def test_findings_0():
    text = 'FROM debian:12\nRUN curl x | sh\nRUN { echo a; } | tee f\nRUN set -o pipefail && a | b\nRUN bash -c \'a | b\'\nONBUILD RUN a | b\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN a | b\n'
    assert found("DL4006", text) == [
        ("2:12-2:13", "Set `-o pipefail` in SHELL so a failure before the pipe fails the build"),
        ("3:17-3:18", "Set `-o pipefail` in SHELL so a failure before the pipe fails the build"),
    ]


def test_fix():
    text = "FROM alpine:3.20\nRUN a | b\nRUN c | d\n"
    assert (
        fixed("DL4006", text, unsafe=True)
        == 'FROM alpine:3.20\nSHELL ["/bin/ash", "-o", "pipefail", "-c"]\nRUN a | b\nRUN c | d\n'
    )


def test_no_fix_before_the_first_from():
    from ruletest import violations

    text = "RUN curl -s https://example.com | tar -x\n"
    found_ = violations("DL4006", text)
    assert [(v.code, v.fix) for v in found_] == [("DL4006", None)]


def _through_memo(*texts):
    """Each text linted in turn through one findings memo, as the editor lints: the last lint's
    fix texts, and the lines of the instructions DL4006 was run on, per lint."""
    from stanzalint.config import Config
    from stanzalint.engine import lint, prepare
    from stanzalint.findings_memo import FindingsMemo
    from stanzalint.rules import get
    from stanzalint.rules.base import Rule

    config, rule, calls = Config(shellcheck=False), get("DL4006"), []

    def check(ctx):
        calls.append([ins.start_line + 1 for ins in ctx.dockerfile.instructions])
        return rule.check(ctx)

    counting, memo, previous, result = Rule(rule.meta, check), FindingsMemo(), None, None
    for text in texts:
        parsed = prepare(text, config, previous)
        result = lint(text, config, rules=[counting], parsed=parsed, memo=memo)
        previous = parsed[0]
    return [e.text for v in result.violations for e in v.fix.edits], calls


def test_a_stage_is_not_checked_again_when_only_its_base_stage_s_text_changes():
    text = "FROM alpine:3.20 AS base\nRUN echo a\nFROM base\nRUN a | b\n"
    edited = text.replace("RUN echo a\n", "RUN echo a\nENV A=1\n")
    fixes, calls = _through_memo(text, edited)
    assert fixes == ['SHELL ["/bin/ash", "-o", "pipefail", "-c"]\n']
    assert calls == [[1, 2, 3, 4], [1, 2, 3]]  # the edited base alone


def test_the_fix_follows_the_image_at_the_bottom_of_the_stage_s_chain():
    text = "FROM alpine:3.20 AS base\nRUN echo a\nFROM base\nRUN a | b\n"
    fixes, _calls = _through_memo(text, text.replace("alpine:3.20", "debian:12"))
    assert fixes == ['SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n']
