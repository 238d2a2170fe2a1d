"""``LazilyMoved``: an object of an earlier parse or analysis where an edit moved it, whose
costlier fields are moved only when first read (a keystroke moves everything after it, and
most readers look at little of it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar


class LazilyMoved:
    """Mixed into a copy of an object standing ``_delta`` characters from where ``_origin``
    (never itself a moved one) stands (both attributes, in the copy's dict or in slots). The
    fields named in ``MOVERS`` are left out of the copy and made on first read, by their mover,
    from the origin's value and the delta; the copy keeps them from then on. Each such field is
    a ``MovedWhenRead`` of the class, so a field the base class gives a default is still moved,
    and its first read costs no failed lookup."""

    #: field name -> how to move its value by a number of characters
    MOVERS: ClassVar[dict[str, Callable[[Any, int], Any]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, mover in cls.__dict__.get("MOVERS", {}).items():
            setattr(cls, name, MovedWhenRead(name, mover))


class MovedWhenRead:
    """A field of a ``LazilyMoved`` class, made on the first read of it from the origin's value
    and the distance moved, and stored in the copy. Not a data descriptor: once stored, the
    copy's own value is read, as any attribute's."""

    __slots__ = ("name", "mover")

    def __init__(self, name: str, mover: Callable[[Any, int], Any]) -> None:
        self.name = name
        self.mover = mover

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        origin = getattr(obj, "_origin", None)
        if origin is None:
            raise AttributeError(self.name)
        value = obj.__dict__[self.name] = self.mover(getattr(origin, self.name), obj._delta)
        return value


def origin_and_delta(obj: Any, chars: int) -> tuple[Any, int]:
    """The original object ``obj`` is (itself when it is not a moved copy) and how far from it
    ``obj`` moved ``chars`` further on stands. A copy holds ``_origin`` and ``_delta`` in its
    dict or, as ``MovedInstruction`` does, in slots."""
    origin = getattr(obj, "_origin", None)
    return (origin, obj._delta + chars) if origin is not None else (obj, chars)
