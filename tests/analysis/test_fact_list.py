"""``FactList``: the facts made so far and those of the stages still to be made, each at its index,
a stage made only when one of its items is read."""

from __future__ import annotations

import threading
from bisect import bisect_left

from stanzalint.analysis.fact_list import FactList, Gaps


class Stages:
    """Numbers standing for facts: stage i holds ``10 * i`` to ``10 * i + 2``; the stages in
    ``pending`` are still to be made."""

    def __init__(self, count: int, pending: set[int]) -> None:
        self.all = [10 * i + k for i in range(count) for k in range(3)]
        self.pending = set(pending)
        self.made = [n for n in self.all if n // 10 not in pending]
        self.brought: list[int] = []

    def gaps(self) -> Gaps:
        return Gaps([(bisect_left(self.made, 10 * i), 3, i) for i in sorted(self.pending)])

    def bring(self, stage: int) -> None:
        if stage in self.pending:
            self.pending.discard(stage)
            at = bisect_left(self.made, 10 * stage)
            self.made[at:at] = [10 * stage + k for k in range(3)]
            self.brought.append(stage)

    def facts(self) -> FactList[int]:
        return FactList(self.made, self.gaps, self.bring, threading.RLock())


def test_every_item_has_its_index_while_stages_are_still_to_be_made():
    stages = Stages(6, {1, 2, 4})
    facts = stages.facts()
    assert len(facts) == 18
    assert facts[4] == 11 and stages.brought == [1]
    assert facts[-1] == 52 and facts[0] == 0 and stages.brought == [1]
    assert facts[13] == 41 and stages.brought == [1, 4]
    assert facts[3:5] == [10, 11] and facts[6:6] == []
    assert stages.brought == [1, 4]
    assert facts[5:8] == [12, 20, 21] and stages.brought == [1, 4, 2]


def test_a_slice_makes_the_stages_it_reaches_only():
    stages = Stages(8, {1, 3, 5, 7})
    assert stages.facts()[9:12] == [30, 31, 32]
    assert stages.brought == [3]
    assert stages.facts()[0:4] == [0, 1, 2, 10] and stages.brought == [3, 1]


def test_a_bisection_makes_the_stages_it_looks_at():
    stages = Stages(32, set(range(1, 32)))
    facts = stages.facts()
    assert bisect_left(facts, 200) == 60
    assert len(stages.brought) < 8


def test_iteration_and_equality_read_every_stage():
    stages = Stages(4, {0, 3})
    assert list(stages.facts()) == stages.all
    assert stages.facts() == stages.all and stages.facts() == Stages(4, set()).facts()
    assert sorted(stages.brought) == [0, 3]


def test_a_gap_made_leaves_the_others_where_they_stand():
    gaps = Gaps([(0, 3, 0), (3, 0, 1), (3, 2, 2), (5, 1, 4)])
    assert (gaps.firsts, gaps.ends, gaps.stages) == ([0, 6, 10], [3, 8, 11], [0, 2, 4])  # stage 1 holds none
    assert gaps.stages_between(2, 7) == [0, 2] and gaps.stages_between(3, 6) == []
    assert gaps.held_before(6) == 3 and gaps.held() == 6
    gaps.made(2)
    assert (gaps.firsts, gaps.stages, gaps.held_before(10), gaps.held_before(11)) == ([0, 10], [0, 4], 3, 4)
