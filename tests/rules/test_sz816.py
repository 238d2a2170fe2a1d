from ruletest import fixed, found


def test_flags_and_fixes_upper_case_protocols():
    text = "FROM nginx:1.27\nEXPOSE 80/TCP 53/udp 9000/Udp\n"
    assert found("SZ816", text) == [
        ("2:8-2:14", "Write the protocol of `80/TCP` in lower case (`tcp`)"),
        ("2:22-2:30", "Write the protocol of `9000/Udp` in lower case (`udp`)"),
    ]
    assert fixed("SZ816", text) == "FROM nginx:1.27\nEXPOSE 80/tcp 53/udp 9000/udp\n"


def test_variables_are_expanded_and_clean_ports_pass():
    text = "FROM a:1\nARG P=80/TCP\nEXPOSE $P 443 8080/tcp\n"
    assert found("SZ816", text) == [("3:8-3:10", "Write the protocol of `80/TCP` in lower case (`tcp`)")]
    assert found("SZ816", "FROM a:1\nEXPOSE 443 8080/tcp\n") == []


def test_typing_in_a_run_keeps_the_findings_without_running_the_rule_again():
    """The rule reads a stage's EXPOSE lines and the variables its stage, its bases and the
    global ARGs declare, no shell command: typing inside a RUN's words keeps its findings, moved
    with their instructions."""
    from stanzalint import rules as registry
    from stanzalint.config import Config
    from stanzalint.engine import lint
    from stanzalint.findings_memo import FindingsMemo
    from stanzalint.rules.base import Rule

    text = "ARG P=80/TCP\nFROM a:1 AS base\nARG P\nRUN echo hello\nEXPOSE $P 53/Udp\nFROM base\nEXPOSE 8080/TCP\n"
    typed = text.replace("echo hello", "echo well, hello")
    rule, runs = registry.get("SZ816"), []

    def counted(ctx):
        runs.append(len(ctx.dockerfile.instructions))
        return rule.check(ctx)

    memo, config = FindingsMemo(), Config()
    lint(text, config, rules=[Rule(rule.meta, counted)], memo=memo)
    after = lint(typed, config, rules=[Rule(rule.meta, counted)], memo=memo).violations
    assert [(typed[v.span.start : v.span.end], v.message) for v in after] == [
        ("$P", "Write the protocol of `80/TCP` in lower case (`tcp`)"),
        ("53/Udp", "Write the protocol of `53/Udp` in lower case (`udp`)"),
        ("8080/TCP", "Write the protocol of `8080/TCP` in lower case (`tcp`)"),
    ]
    assert [(v.span, v.message, v.fix) for v in after] == [
        (v.span, v.message, v.fix) for v in lint(typed, config, rules=[rule]).violations
    ]
    assert runs == [7]  # the first lint only
