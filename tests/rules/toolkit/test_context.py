from stanzalint.rules.toolkit.context import context_history, context_sources, context_tree
from toolkit_input import rule_context


def test_reads_context_only_for_context_copies_and_bind_mounts():
    assert rule_context("FROM a\nCOPY . /app\n").lint.reads_context
    assert rule_context("FROM a\nRUN --mount=type=bind,target=/s make\n").lint.reads_context
    assert not rule_context("FROM a\nCOPY --from=b /x /x\nRUN make\n").lint.reads_context


def test_nothing_known_without_a_path():
    ctx = rule_context("FROM a\nCOPY . /app\n")
    assert (context_tree(ctx), context_history(ctx), context_sources(ctx)) == (None, None, None)
