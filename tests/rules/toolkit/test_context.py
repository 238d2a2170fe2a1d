from stanzalint.rules.toolkit.context import context_history, context_sources, context_tree, without_history
from toolkit_input import rule_context


def test_reads_context_only_for_context_copies_and_bind_mounts():
    assert rule_context("FROM a\nCOPY . /app\n").lint.reads_context
    assert rule_context("FROM a\nRUN --mount=type=bind,target=/s make\n").lint.reads_context
    assert not rule_context("FROM a\nCOPY --from=b /x /x\nRUN make\n").lint.reads_context
    assert rule_context("FROM a\nRUN --mount=TYPE=Bind,target=/s make\n").lint.reads_context  # as BuildKit reads it
    assert not rule_context("FROM a\nRUN --mount=Type=cache,target=/s make\n").lint.reads_context


def test_nothing_known_without_a_path():
    ctx = rule_context("FROM a\nCOPY . /app\n")
    assert (context_tree(ctx), context_history(ctx), context_sources(ctx)) == (None, None, None)


def test_without_history_once_git_found_no_repository(tmp_path):
    from stanzalint.context.known import KNOWN

    assert without_history(rule_context("FROM a\nCOPY . /app\n"))  # no path
    ctx = rule_context("FROM a\nCOPY . /app\n", path=str(tmp_path / "Dockerfile"))
    KNOWN.clear()
    assert not without_history(ctx)  # not read yet: nothing is started to find out
    assert context_history(ctx) is None  # read now: no repository
    assert without_history(ctx)
