"""``LazilyMoved``: an object of an earlier parse or analysis where an edit moved it, whose
costlier fields are moved only when first read (a keystroke moves everything after it, and
most readers look at little of it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar


class LazilyMoved:
    """Mixed into a copy of an object standing ``_delta`` characters from where ``_origin``
    (never itself a moved one) stands. The fields named in ``MOVERS`` are left out of the copy
    and made on first read, by their mover, from the origin's value and the delta; the copy
    keeps them from then on."""

    #: field name -> how to move its value by a number of characters
    MOVERS: ClassVar[dict[str, Callable[[Any, int], Any]]] = {}

    def __getattr__(self, name: str) -> Any:
        state = self.__dict__
        mover = self.MOVERS.get(name)
        if mover is None or "_origin" not in state:
            raise AttributeError(name)
        value = state[name] = mover(getattr(state["_origin"], name), state["_delta"])
        return value


def origin_and_delta(obj: object, chars: int) -> tuple[Any, int]:
    """The original object ``obj`` is (itself when it is not a moved copy) and how far from it
    ``obj`` moved ``chars`` further on stands."""
    state = obj.__dict__
    return (state["_origin"], state["_delta"] + chars) if "_origin" in state else (obj, chars)
