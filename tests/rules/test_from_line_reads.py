"""The rules that read only a stage's FROM line declare what they read by one name,
``FROM_LINE_READS``, and so make one group of the findings memo (each fact read once for it)."""

from __future__ import annotations

from stanzalint.findings_memo import grouped
from stanzalint.rules import all_rules
from stanzalint.rules.base import FROM_LINE_READS, Scope

FROM_LINE_RULES = ["DL3006", "DL3007", "DL3022", "DL3023", "DL3067", "SZ101", "SZ813", "SZ814"]  # SZ103 reads files too


def test_the_rules_reading_only_a_from_line_are_one_memo_group():
    groups = [
        sorted(rule.code for rule in group)
        for group in grouped(all_rules())
        if group[0].meta.scope is Scope.STAGE and group[0].meta.reads == FROM_LINE_READS
    ]
    assert groups == [sorted(FROM_LINE_RULES)]
