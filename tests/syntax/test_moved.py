"""``LazilyMoved``: a moved copy makes its costlier fields from its origin's when first read."""

import pytest
from stanzalint.syntax.moved import LazilyMoved, origin_and_delta


class Point:
    def __init__(self, at: int, label: str) -> None:
        self.at = at
        self.label = label


moves = []


def _moved_at(at: int, delta: int) -> int:
    moves.append(at)
    return at + delta


class MovedPoint(LazilyMoved, Point):
    MOVERS = {"at": _moved_at}


def moved(point: Point, chars: int) -> MovedPoint:
    origin, delta = origin_and_delta(point, chars)
    copy = object.__new__(MovedPoint)
    copy.__dict__ = {"label": point.label, "_origin": origin, "_delta": delta}
    return copy


def test_a_field_is_moved_on_its_first_read_only_and_from_the_origin():
    moves.clear()
    first = Point(10, "a")
    twice = moved(moved(first, 3), 4)
    assert twice.__dict__["_origin"] is first
    assert (twice.at, twice.at, twice.label) == (17, 17, "a")
    assert moves == [10]


def test_a_field_no_mover_makes_is_missing_as_on_any_object():
    with pytest.raises(AttributeError):
        _ = moved(Point(1, "b"), 1).colour


class Anchored:
    at = 0  # a default the class gives, as a dataclass field with a default does

    def __init__(self, at: int) -> None:
        self.at = at


class MovedAnchored(LazilyMoved, Anchored):
    MOVERS = {"at": _moved_at}


def test_a_field_the_base_class_gives_a_default_is_still_moved_from_the_origin():
    copy = object.__new__(MovedAnchored)
    copy.__dict__ = {"_origin": Anchored(5), "_delta": 2}
    assert (copy.at, copy.__dict__["at"]) == (7, 7)
