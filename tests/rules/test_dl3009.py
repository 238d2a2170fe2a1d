from ruletest import fixed, found


def test_findings_0():
    text = "FROM debian:12 AS build\nRUN apt-get update\nFROM debian:12\nRUN apt-get update && apt-get install -y x\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\nRUN rm -rf /var/lib/apt/lists/* && apt update\nRUN apt-get update && rm -rf /var/lib/{apt,dpkg}/\nRUN apt-get update; apt-get dist-clean\n"
    assert found("DL3009", text) == [
        ("4:13-4:19", "Delete /var/lib/apt/lists in the same RUN as `apt-get update`"),
        ("6:40-6:46", "Delete /var/lib/apt/lists in the same RUN as `apt-get update`"),
    ]


def test_fix():
    text = "FROM debian:12\nRUN apt-get update && apt-get install -y x\n"
    assert (
        fixed("DL3009", text)
        == "FROM debian:12\nRUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*\n"
    )


def test_no_fix_when_the_run_only_updates():
    from ruletest import violations

    text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n"
    assert [(v.code, v.fix) for v in violations("DL3009", text)] == [("DL3009", None)]


def test_fix_all_with_sz402_keeps_the_install_working():
    from stanzalint.config import Config
    from stanzalint.engine import fix_all

    text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n"
    result = fix_all(text, Config(shellcheck=False, select=["DL3009", "SZ402"]))
    assert (
        result.text == "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
    )


def test_no_fix_when_a_later_run_installs_from_these_lists():
    from ruletest import violations

    text = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get install -y git\n"
    assert [(v.code, v.fix) for v in violations("DL3009", text)] == [("DL3009", None)]
    updated = (
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get update && apt-get install -y git\n"
    )
    assert [v.fix is not None for v in violations("DL3009", updated)] == [True, True]


def test_aptitude_update():
    text = "FROM debian:12\nRUN aptitude update && aptitude install -y -R curl=1\n"
    assert found("DL3009", text) == [("2:14-2:20", "Delete /var/lib/apt/lists in the same RUN as `apt-get update`")]


def test_after_an_edit_only_the_runs_leaving_the_lists_are_read(run_lines_read):
    """What each RUN does with the apt lists is remembered by its text: a lint after an edit that
    moved the RUNs reads the commands of the RUN it reports only (the RUNs of a stage built on
    it, asked whether they rely on its lists for the fix, included)."""
    from ruletest import violations

    text = (
        "FROM debian:12 AS base\nRUN echo dl3009-a\nRUN apt-get update && apt-get install -y x\n"
        "RUN apt-get update && apt-get install -y y && rm -rf /var/lib/apt/lists/*\nFROM base\nRUN echo dl3009-b\n"
    )
    assert len(violations("DL3009", text)) == 1
    run_lines_read.clear()
    moved = violations("DL3009", text.replace("FROM debian:12 AS base\n", "FROM debian:12 AS base\nENV A=1\n"))
    assert [(v.span.start, v.fix is not None) for v in moved] == [(text.index("update") + 8, True)]
    assert run_lines_read == [3]


def _lines_rerun_after_typing_in_the_last_stage(unrelated: int) -> tuple[int, list[tuple[str, bool]]]:
    """The Python lines DL3009's check runs when typing in an install of the last stage of a
    file with ``unrelated`` stages before it, through the findings memo (which runs it on that
    stage only), and the findings then: (the text underlined, whether it has a fix). The
    analysis's index of the stages built on each, made once for every rule, is not counted."""
    import sys

    from stanzalint import rules as registry
    from stanzalint.config import Config
    from stanzalint.engine import lint, prepare
    from stanzalint.findings_memo import FindingsMemo
    from stanzalint.rules.base import Rule
    from stanzalint.rules.toolkit import run_summaries

    text = "".join(f"FROM alpine:3.20 AS other{i}\nRUN echo dl3009-{unrelated}-{i}\n" for i in range(unrelated))
    text += f"FROM debian:12\nRUN apt-get update && apt-get install -y x{unrelated}\n"
    rule = registry.get("DL3009")
    lines = 0

    def count(_frame, _event, _arg):
        nonlocal lines
        lines += 1
        return count

    def traced(ctx):
        sys.settrace(count)
        try:
            return list(rule.check(ctx))
        finally:
            sys.settrace(None)

    # the RUN answers' cache is process-wide: once earlier tests fill it, a new answer also
    # evicts an old one, lines that say nothing of the stages the rule reads
    run_summaries._ANSWERS.clear()
    config = Config(select=["DL3009"], shellcheck=False)
    memo = FindingsMemo()
    before = prepare(text, config)
    lint(text, config, rules=[rule], parsed=before, memo=memo)
    edited = text.replace("-y x", "-y xy")
    after = prepare(edited, config, before[1])
    after[1].built_on(after[1].stages[-1])
    lines = 0
    typed = lint(edited, config, rules=[Rule(rule.meta, traced)], parsed=after, memo=memo)
    return lines, [(edited[v.span.start : v.span.end], v.fix is not None) for v in typed.violations]


def test_typing_in_a_stage_reads_no_stage_the_fix_does_not_depend_on():
    """Whether a later RUN relies on the lists (no fix then) is read off the stage and the
    stages built on it: typing in one stage costs the same however many other stages the file has."""
    few, found_few = _lines_rerun_after_typing_in_the_last_stage(5)
    many, found_many = _lines_rerun_after_typing_in_the_last_stage(60)
    assert found_few == found_many == [("update", True)]
    assert many == few
