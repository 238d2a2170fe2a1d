"""LintFacts: what the rules of one lint share, with the build-context views worked out once."""

from __future__ import annotations

from contexts import make_tree
from ruletest import config_for
from stanzalint import rules as registry
from stanzalint.context import sources
from stanzalint.engine import lint, prepare
from stanzalint.partial import restricted
from stanzalint.rules.base import Rule
from stanzalint.rules.lint_facts import LintFacts

CONTEXT_RULES = ("SZ304", "SZ305", "SZ306", "SZ307")
CONFIG = config_for(CONTEXT_RULES)


def watched(code, seen):
    """Rule ``code``, recording the context it is given."""
    rule = registry.get(code)

    def check(ctx):
        seen.append(ctx)
        return rule.check(ctx)

    return Rule(rule.meta, check)


def counted_inputs(monkeypatch):
    """The instructions (0-based lines) whose context inputs are worked out, in order."""
    calls = []
    real = sources.inputs_of

    def inputs_of(analysis, ins, tree, *resolve):
        calls.append(ins.start_line)
        return real(analysis, ins, tree, *resolve)

    monkeypatch.setattr(sources, "inputs_of", inputs_of)
    return calls


def test_the_context_rules_share_one_reading_of_the_context_per_lint(tmp_path, monkeypatch):
    make_tree(tmp_path, {"requirements.txt": "flask\n", "app.py": ""})
    path = str(tmp_path / "Dockerfile")
    calls = counted_inputs(monkeypatch)
    seen = []
    rules = [watched(code, seen) for code in CONTEXT_RULES]

    text = "FROM python:3.12-slim\nCOPY requirements.txt .\nCOPY missing.txt .\n"
    first = lint(text, CONFIG, path, rules=rules)
    assert calls == [1, 2]  # each COPY once, though all four rules read them
    assert [ctx.rule.code for ctx in seen] == list(CONTEXT_RULES)
    assert len({id(ctx.lint) for ctx in seen}) == 1
    assert [(v.code, v.span.start) for v in first.violations] == [("SZ305", text.index("missing.txt"))]

    earlier = seen[0].lint
    calls.clear()
    seen.clear()
    text = "FROM python:3.12-slim\nRUN make\nCOPY requirements.txt .\nCOPY app.py gone.py /app/\n"
    second = lint(text, CONFIG, path, rules=rules)
    assert calls == [3]  # a new COPY line is read; the one the last lint read is remembered
    assert len({id(ctx.lint) for ctx in seen}) == 1 and seen[0].lint is not earlier
    assert [(v.code, v.span.start) for v in second.violations] == [("SZ305", text.index("gone.py"))]


def test_a_partial_view_answers_for_its_own_instructions():
    dockerfile, analysis = prepare("FROM alpine\nCOPY . /app\nRUN make\n")
    whole = LintFacts(dockerfile, analysis, CONFIG, "Dockerfile")
    run_only = whole.seen_through(*restricted(dockerfile, analysis, dockerfile.instructions[2:], analysis.stages))
    assert (whole.reads_context, run_only.reads_context) == (True, False)
    assert (run_only.config, run_only.path) == (whole.config, whole.path)


def test_the_rows_of_a_file_that_copies_no_file_of_the_context_are_not_looked_at(tmp_path, monkeypatch):
    """Whether the rows a rule is run on read files of the context is the whole lint's answer
    when that is no: no instruction of theirs is looked up again."""
    make_tree(tmp_path, {"app.py": ""})
    dockerfile, analysis = prepare("FROM alpine\nCOPY missing /m\nCOPY gone /g\nRUN make\n")
    whole = LintFacts(dockerfile, analysis, CONFIG, str(tmp_path / "Dockerfile"))
    assert whole.files_read == (False, False)
    looked = []
    real = sources._Lookup.unplaced
    monkeypatch.setattr(sources._Lookup, "unplaced", lambda self, ins: looked.append(ins) or real(self, ins))
    rows = whole.seen_through(*restricted(dockerfile, analysis, dockerfile.instructions[1:2], analysis.stages))
    assert (rows.reads_context, rows.reads_context_files, looked) == (True, False, [])
    edited = prepare("FROM alpine\nCOPY app.py /m\nCOPY gone /g\n")
    rows = LintFacts(*edited, CONFIG, whole.path).seen_through(
        *restricted(*edited, edited[0].instructions[2:], edited[1].stages)
    )
    assert rows.reads_context_files is False and len(looked) == 1  # the whole file reads app.py: these rows are read


def test_rows_that_may_not_read_the_context_have_no_context_source_and_their_inputs_are_not_read(tmp_path, monkeypatch):
    from stanzalint.rules import lint_facts

    make_tree(tmp_path, {"app.py": ""})
    dockerfile, analysis = prepare("FROM alpine\nCOPY app.py /app/\nRUN --mount=type=cache,target=/c make\n")
    whole = LintFacts(dockerfile, analysis, CONFIG, str(tmp_path / "Dockerfile"))
    assert [s.spec for s in whole.context_sources] == ["app.py"]
    read = []
    real = lint_facts.inputs_by_instruction
    monkeypatch.setattr(lint_facts, "inputs_by_instruction", lambda *a, **k: read.append(a) or real(*a, **k))
    run_only = whole.seen_through(*restricted(dockerfile, analysis, dockerfile.instructions[2:], analysis.stages))
    assert run_only.context_tree is whole.context_tree is not None
    assert run_only.context_sources == [] and read == []
    copy_only = whole.seen_through(*restricted(dockerfile, analysis, dockerfile.instructions[1:2], analysis.stages))
    assert [s.spec for s in copy_only.context_sources] == ["app.py"] and len(read) == 1
