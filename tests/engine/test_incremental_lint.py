"""A lint that re-parses and re-analyses only what an edit changed reports exactly what a fresh
lint reports."""

from __future__ import annotations

from edits import TEXTS, edits
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stanzalint.engine import lint, prepare


def published(result):
    """What a user sees of a lint: each finding's code, message, severity, range and fix."""

    def fix(v):
        if v.fix is None:
            return None
        return v.fix.title, v.fix.applicability, [(e.span.start, e.span.end, e.text) for e in v.fix.edits]

    return [(v.code, v.message, v.severity, v.span.start, v.span.end, fix(v)) for v in result.violations]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_a_lint_on_the_previous_parse_equals_a_fresh_lint_after_each_edit(data):
    text = data.draw(st.sampled_from(TEXTS))
    previous = prepare(text)[1]
    for _ in range(data.draw(st.integers(1, 3))):
        start, end, inserted = data.draw(edits(text))
        text = text[:start] + inserted + text[end:]
        parsed = prepare(text, None, previous)
        assert published(lint(text, parsed=parsed)) == published(lint(text))
        previous = parsed[1]
