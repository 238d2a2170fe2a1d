from stanzalint.rules.toolkit.context import context_history, context_sources, context_tree, reads_context
from toolkit_input import rule_context


def test_reads_context_only_for_context_copies_and_bind_mounts():
    assert reads_context(rule_context("FROM a\nCOPY . /app\n"))
    assert reads_context(rule_context("FROM a\nRUN --mount=type=bind,target=/s make\n"))
    assert not reads_context(rule_context("FROM a\nCOPY --from=b /x /x\nRUN make\n"))


def test_nothing_known_without_a_path():
    ctx = rule_context("FROM a\nCOPY . /app\n")
    assert (context_tree(ctx), context_history(ctx), context_sources(ctx)) == (None, None, None)
