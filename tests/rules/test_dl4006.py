import pytest
from ruletest import fixed, flagged_text, found, violations


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
    """Each text linted in turn through one findings memo, as the editor lints, each lint
    checked against a fresh lint of its text: the last lint's result, and the lines of the
    instructions DL4006 was run on, per lint."""
    from ruletest import memo_session
    from stanzalint.config import Config
    from stanzalint.engine import lint
    from stanzalint.rules import get
    from stanzalint.rules.base import Rule

    config, rule, calls = Config(shellcheck=False), get("DL4006"), []

    def check(ctx):
        calls.append([ins.start_line + 1 for ins in ctx.dockerfile.instructions])
        return rule.check(ctx)

    def published(result):
        return [(v.span, v.instruction_line, v.fix) for v in result.violations]

    results = memo_session(texts, config, [Rule(rule.meta, check)], on_analysis=False)
    for text, result in zip(texts, results):
        assert published(result) == published(lint(text, config, rules=[rule]))
    return results[-1], calls


def _fix_texts(result):
    return [e.text for v in result.violations for e in v.fix.edits]


def test_a_stage_is_not_checked_again_when_only_its_base_stage_s_text_changes():
    text = "FROM alpine:3.20 AS base\nRUN echo a\nFROM base\nRUN a | b\n"
    edited = text.replace("RUN echo a\n", "RUN echo a\nENV A=1\n")
    result, calls = _through_memo(text, edited)
    assert _fix_texts(result) == ['SHELL ["/bin/ash", "-o", "pipefail", "-c"]\n']
    assert calls == [[1, 2, 3, 4], [1, 2, 3]]  # the edited base alone


def test_the_fix_follows_the_image_at_the_bottom_of_the_stage_s_chain():
    text = "FROM alpine:3.20 AS base\nRUN echo a\nFROM base\nRUN a | b\n"
    result, _calls = _through_memo(text, text.replace("alpine:3.20", "debian:12"))
    assert _fix_texts(result) == ['SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n']


MESSAGE = "Set `-o pipefail` in SHELL so a failure before the pipe fails the build"


@pytest.mark.parametrize(
    ("run", "at"),
    [
        ("RUN curl -fsSL https://example.com/x.sh \\\n  | sh\n", "3:3-3:4"),
        ("RUN curl -fsSL https://example.com/x.sh \\\n# fetched\n  | sh\n", "4:3-4:4"),
        ("RUN curl -fsSL https://example.com/x.sh 2>/dev/null | sh\n", "2:53-2:54"),
        ("RUN curl -fsSL https://example.com/x.sh |& sh\n", "2:41-2:43"),
        ("RUN cat <<EOF | sh\necho hi\nEOF\n", "2:15-2:16"),
        ("RUN eh Vo ${  $V} | g\n", "2:19-2:20"),
    ],
    ids=["continuation", "comment-line", "redirection", "stderr-too", "heredoc", "unreadable-word"],
)
def test_the_finding_is_on_the_pipe_wherever_it_stands(run, at):
    text = "FROM debian:12\n" + run
    assert found("DL4006", text) == [(at, MESSAGE)]
    assert flagged_text("DL4006", text) == ["|&" if "|&" in run else "|"]


def test_a_word_typed_before_an_unreadable_word_leaves_the_pipe_where_a_fresh_lint_has_it():
    text = "FROM alpine\nRUN eh Vo ${  $V$QW} | g $e wget aip install nv\n"
    edited = text.replace("Vo ", "Vo ${W} ").replace("install", "inst yum install")
    result, _calls = _through_memo(text, edited)
    assert [edited[v.span.start - 5 : v.span.end] for v in result.violations] == ["$QW} |"]


def test_a_quote_typed_before_the_pipe_that_takes_it_into_a_command_moves_the_finding_to_the_new_pipe():
    text = 'FROM debian:12\nRUN curl install${X(}.s"h s"h | bash\n'
    edited = text.replace("install", "inst${X}a").replace("| bash", '| bs"h | bash')
    result, calls = _through_memo(text, edited)
    assert [v.span.start for v in result.violations] == [edited.index("|")]
    assert calls == [[1, 2]] * 2


def test_typing_before_the_pipe_keeps_the_finding_and_typing_after_it_runs_the_rule_again():
    text = "FROM debian:12\nRUN curl -fsSL https://example.com/x.tgz \\\n  | tar -xz -C /opt\n"
    before, after = text.replace("x.tgz", "xy.tgz"), text.replace("tar -xz", "tar -v -xz")
    result, calls = _through_memo(text, before)
    assert ([before[v.span.start : v.span.end + 4] for v in result.violations], calls) == (["| tar"], [[1, 2]])
    result, calls = _through_memo(text, after)
    assert ([after[v.span.start : v.span.end + 4] for v in result.violations], calls) == (["| tar"], [[1, 2]] * 2)


def test_the_shell_set_is_one_the_image_has():
    """busybox has no bash (its sh is ash, which has pipefail); distroless and Windows images
    have no POSIX shell to name."""
    text = "FROM {}\nRUN wget -O - https://example.com/install.sh | sh\n"
    assert fixed("DL4006", text.format("busybox:1.36"), unsafe=True) == (
        'FROM busybox:1.36\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\n'
        "RUN wget -O - https://example.com/install.sh | sh\n"
    )
    for image in ("gcr.io/distroless/base-debian12", "mcr.microsoft.com/windows/servercore:ltsc2022"):
        [v] = violations("DL4006", text.format(image))
        assert v.fix is None, image
