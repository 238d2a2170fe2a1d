"""ShellCheck's result cache stays bounded: in memory by weight, on disk by age, file count and
bytes (least recently used first), in a directory private to the user."""

from __future__ import annotations

import math
import os
import time

import pytest
from cycles import cycles_made
from stanzalint.shellcheck import ShellCheck, find_executable
from stanzalint.shellcheck_cache import DAY, ResultCache


def cache(directory, **bounds) -> ResultCache:
    return ResultCache(str(directory), encode=list, decode=list, **bounds)


def key(n: int) -> str:
    return f"{n:064x}"


def files_in(directory) -> set:
    return {name[:-5] for _, _, names in os.walk(directory) for name in names if name.endswith(".json")}


def age(c: ResultCache, k: str, days: float) -> None:
    then = time.time() - days * DAY
    os.utime(c.path(k), (then, then))


def test_memory_keeps_the_most_recently_used_within_its_weight(tmp_path):
    c = cache(tmp_path, use_disk=False, memory_weight=6)
    for n in range(3):
        c.remember(key(n), ["finding"])  # weight 2 each: one result, one finding
    assert c.recall(key(0)) == ["finding"]  # used: now the newest
    c.remember(key(3), ["finding"])
    assert c.recall(key(1)) is None
    assert [c.recall(key(n)) for n in (0, 2, 3)] == [["finding"]] * 3


def test_files_unused_for_too_long_are_removed(tmp_path):
    c = cache(tmp_path, max_age=30 * DAY)
    for n in range(4):
        c.remember(key(n), [n])
    age(c, key(0), 31)
    age(c, key(1), 31)
    fresh = cache(tmp_path, max_age=30 * DAY)
    assert fresh.recall(key(1)) == [1]  # read from disk by a new process: used again
    fresh.prune()
    assert files_in(tmp_path) == {key(n)[2:] for n in (1, 2, 3)}


def test_beyond_the_file_and_byte_bounds_the_least_recently_used_go(tmp_path):
    c = cache(tmp_path, max_files=3, prune_every=1)
    for n in range(5):
        c.remember(key(n), [n])
        age(c, key(n), 5 - n)  # older ones first
    assert files_in(tmp_path) == {key(n)[2:] for n in (2, 3, 4)}
    small = cache(tmp_path, max_bytes=2 * os.path.getsize(c.path(key(4))))
    small.prune()
    assert files_in(tmp_path) == {key(n)[2:] for n in (3, 4)}


def test_old_files_go_first_then_the_least_recently_used_beyond_the_bounds(tmp_path):
    c = cache(tmp_path, max_age=30 * DAY)
    for n in range(5):
        c.remember(key(n), [n])
        age(c, key(n), 40 if n < 2 else 5 - n)  # two unused too long, then older ones first
    cache(tmp_path, max_files=2, max_age=30 * DAY).prune()
    assert files_in(tmp_path) == {key(n)[2:] for n in (3, 4)}


def test_the_cache_directory_is_private_to_the_user(tmp_path):
    c = cache(tmp_path / "mine")
    c.remember(key(1), [1])
    assert os.stat(tmp_path / "mine").st_mode & 0o077 == 0
    assert cache(tmp_path / "mine").recall(key(1)) == [1]


@pytest.mark.skipif(getattr(os, "geteuid", lambda: 1)() != 0, reason="only root can give a directory to another user")
def test_a_directory_another_user_owns_is_not_used(tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    os.chown(theirs, 4242, -1)
    c = cache(theirs)
    c.remember(key(1), [1])
    assert files_in(theirs) == set()
    assert c.recall(key(1)) == [1]  # still remembered in memory


@pytest.mark.skipif(find_executable() is None, reason="shellcheck is not installed")
def test_shellcheck_prunes_stale_results_when_it_writes(tmp_path):
    from stanzalint.engine import prepare
    from stanzalint.shellcheck import scripts_of

    stale = cache(tmp_path)
    for n in range(20):
        stale.remember(key(n), [])
        age(stale, key(n), 90)
    checker = ShellCheck(cache_dir=str(tmp_path))
    results = checker.check(scripts_of(*prepare("FROM debian:12\nRUN cd /x\n")))
    assert [[f.code for f in found] for found in results.values()] == [[2164]]
    assert files_in(tmp_path) == {k[2:] for k in results}


def test_remembering_a_result_makes_no_reference_cycle(tmp_path):
    c = cache(tmp_path / "cache")
    c.remember(key(0), ["finding"])  # the directory made, the first prune done
    with cycles_made() as cycles:
        for n in range(1, 4):
            c.remember(key(n), ["finding", n])
    assert files_in(tmp_path / "cache") == {key(n)[2:] for n in range(4)}
    assert cycles == {}


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def written_by_another_process(directory, k: str, results: list) -> None:
    cache(directory).remember(k, results)


def test_a_key_missing_on_disk_is_not_looked_for_again_until_its_miss_expires(tmp_path):
    clock = Clock()
    c = cache(tmp_path, miss_ttl=5.0, clock=clock)
    assert c.recall(key(1)) is None
    written_by_another_process(tmp_path, key(1), [1])
    clock.now = 4.9
    assert c.recall(key(1)) is None  # the miss is remembered: no file is opened
    assert c.recall(key(2)) is None  # another key is looked for
    clock.now = 5.0
    assert c.recall(key(1)) == [1]  # the miss has expired: the other process's result is found


def test_a_fresh_recall_looks_on_disk_despite_a_remembered_miss(tmp_path):
    c = cache(tmp_path, clock=Clock())
    assert c.recall(key(1)) is None
    written_by_another_process(tmp_path, key(1), [1])
    assert c.recall(key(1), fresh=True) == [1]
    assert c.recall(key(1)) == [1]


def test_remembering_a_result_ends_its_miss(tmp_path):
    c = cache(tmp_path, memory_weight=2, clock=Clock())
    assert c.recall(key(1)) is None
    c.remember(key(1), [1])
    c.remember(key(2), [2])  # key 1 leaves memory: only the disk has it now
    assert c.recall(key(1)) == [1]


def test_the_remembered_misses_are_bounded(tmp_path):
    c = cache(tmp_path, max_misses=2, clock=Clock())
    for n in range(3):
        assert c.recall(key(n)) is None
    written_by_another_process(tmp_path, key(0), [0])
    assert c.recall(key(0)) == [0]  # forgotten when the third miss came


def test_a_missed_key_stays_quiet_until_a_result_is_taken_in_or_its_miss_expires(tmp_path):
    """``quiet`` tells a caller asking about the same missed keys again (the language server at
    every keystroke) when ``recall`` could answer one of them differently."""
    clock = Clock()
    c = cache(tmp_path, miss_ttl=5.0, clock=clock)
    changes = c.changes
    assert c.recall(key(1)) is None
    until = c.quiet_until(key(1))
    assert until == 5.0 and c.quiet(changes, until)
    cache(tmp_path).remember(key(1), [1])  # another process: found once the miss expires
    clock.now = 4.9
    assert c.quiet(changes, until) and c.recall(key(1)) is None
    clock.now = 5.0
    assert not c.quiet(changes, until)
    assert c.recall(key(1)) == [1]
    assert c.changes != changes  # read from disk: taken in
    changes = c.changes
    c.remember(key(2), [2])
    assert not c.quiet(changes, math.inf)


def test_without_a_disk_cache_only_a_result_taken_in_ends_the_quiet(tmp_path):
    c = cache(tmp_path, use_disk=False, clock=lambda: 1e12)
    changes = c.changes
    assert c.recall(key(1)) is None and c.quiet_until(key(1)) == math.inf
    assert c.quiet(changes, math.inf)
    c.remember(key(1), [1])
    assert not c.quiet(changes, math.inf) and c.recall(key(1)) == [1]


def test_letting_the_misses_go_ends_the_quiet(tmp_path):
    """Past ``max_misses`` every miss is let go: those keys are looked for on disk again."""
    c = cache(tmp_path, max_misses=2, clock=Clock())
    assert c.recall(key(1)) is None
    changes, until = c.changes, c.quiet_until(key(1))
    assert c.recall(key(2)) is None and c.quiet(changes, until)
    assert c.recall(key(3)) is None
    assert not c.quiet(changes, until)
